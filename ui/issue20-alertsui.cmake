# Issue #20, alerts in the window: the Alerts tab, tray and sound delivery, the status bar's
# indicator and the rule editor (ui/alerts/).
target_sources(switchboard_ui PRIVATE
    alerts/alertdelivery.cpp alerts/alertdelivery.h
    alerts/alertrecordsdialog.cpp alerts/alertrecordsdialog.h
    alerts/alertruleform.cpp alerts/alertruleform.h
    alerts/alertrulesdialog.cpp alerts/alertrulesdialog.h
    alerts/alertsettings.cpp alerts/alertsettings.h
    alerts/alertsmodel.cpp alerts/alertsmodel.h
    alerts/alertspanel.cpp alerts/alertspanel.h
    alerts/alertsroom.cpp alerts/alertsroom.h)
