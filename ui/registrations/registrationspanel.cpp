#include "ui/registrations/registrationspanel.h"

namespace Ui {

RegistrationsPanel::RegistrationsPanel(const PanelContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("registrationspanel"));
}

RegistrationsPanel::~RegistrationsPanel() = default;

} // namespace Ui
