#include "ui/parking/parkingpanel.h"

namespace Ui {

ParkingPanel::ParkingPanel(const PanelContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    setObjectName(QStringLiteral("parkingpanel"));
}

ParkingPanel::~ParkingPanel() = default;

} // namespace Ui
