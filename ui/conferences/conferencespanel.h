#pragma once
// The Conferences panel (STUB: being written for issue #19).

#include "ui/common/panelcontext.h"

#include <QWidget>

namespace Ui {

class ConferencesPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ConferencesPanel(const PanelContext &context, QWidget *parent = nullptr);
    ~ConferencesPanel() override;

Q_SIGNALS:
    // The tab's title changed (a count, a warning): the main window shows it.
    void titleChanged(const QString &title);

private:
    PanelContext m_context;
};

} // namespace Ui
