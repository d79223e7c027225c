#pragma once
// The tabs under the calls (Events, Console log and the supervisor panels) carry live counts and
// warnings in their titles ("Queues (3)", "Registrations (12) ⚠ 1 gateway down"). A tab sized
// to its text would grow and shrink with every count, and the tabs after it would slide under
// the pointer: a click meant for Parking landed on empty space. Here a tab never shrinks, and
// starts as wide as its title with a three-digit count, so the tabs stay put while counts come
// and go.
//
// When the tabs would not all fit (seven of them at 1024 pixels, one of them "Registrations (12)
// ⚠ 1 gateway down"), the widest give way first: every tab gets at most one common width, chosen
// so that the row fits, and its text is elided (its tooltip tells it whole). A tab out of sight
// behind scroll arrows was a tab nobody found; the Alerts tab was the last one.

#include <QHash>
#include <QTabBar>
#include <QTabWidget>

namespace Ui {

class StableTabBar : public QTabBar
{
    Q_OBJECT

public:
    explicit StableTabBar(QWidget *parent = nullptr);

protected:
    [[nodiscard]] QSize tabSizeHint(int index) const override;
    void tabInserted(int index) override;
    bool event(QEvent *event) override;

private:
    [[nodiscard]] const void *keyOf(int index) const;
    // The widest tab [index] may be so that every tab fits the tab widget's width; INT_MAX when
    // they fit as they are.
    [[nodiscard]] int widthCap() const;

    // The widest each tab has been, by its page (tabs may move), in pixels.
    mutable QHash<const void *, int> m_widest;
};

class StableTabWidget : public QTabWidget
{
    Q_OBJECT

public:
    explicit StableTabWidget(QWidget *parent = nullptr);

protected:
    // The tabs' widths depend on this widget's width once they do not all fit.
    void resizeEvent(QResizeEvent *event) override;
};

} // namespace Ui
