#pragma once
// The Registrations and gateways panel (STUB: being written for issue #19).

#include "ui/common/panelcontext.h"

#include <QWidget>

namespace Ui {

class RegistrationsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RegistrationsPanel(const PanelContext &context, QWidget *parent = nullptr);
    ~RegistrationsPanel() override;

Q_SIGNALS:
    // The tab's title changed (a count, a warning): the main window shows it.
    void titleChanged(const QString &title);

private:
    PanelContext m_context;
};

} // namespace Ui
