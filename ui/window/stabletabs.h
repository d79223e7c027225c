#pragma once
// The tabs under the calls (Events, Console log and the supervisor panels) carry live counts and
// warnings in their titles ("Queues (3)", "Registrations (12) ⚠ 1 gateway down"). A tab sized
// to its text would grow and shrink with every count, and the tabs after it would slide under
// the pointer: a click meant for Parking landed on empty space. Here a tab never shrinks, and
// starts as wide as its title with a three-digit count, so the tabs stay put while counts come
// and go.

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

private:
    [[nodiscard]] const void *keyOf(int index) const;

    // The widest each tab has been, by its page (tabs may move), in pixels.
    mutable QHash<const void *, int> m_widest;
};

class StableTabWidget : public QTabWidget
{
    Q_OBJECT

public:
    explicit StableTabWidget(QWidget *parent = nullptr);
};

} // namespace Ui
