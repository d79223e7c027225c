#include "ui/conferences/conferencespanel.h"

namespace Ui {

ConferencesPanel::ConferencesPanel(const PanelContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("conferencespanel"));
}

ConferencesPanel::~ConferencesPanel() = default;

} // namespace Ui
