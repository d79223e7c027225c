#include "ui/callcenter/queuespanel.h"

namespace Ui {

QueuesPanel::QueuesPanel(const PanelContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("queuespanel"));
}

QueuesPanel::~QueuesPanel() = default;

} // namespace Ui
