#pragma once
// The Parking panel's two questions, each checked before OK is allowed (the reason under the
// field): where to send a parked call (RetrieveDialog: the extension), and where to park the
// selected call (ParkDialog: a lot, the known ones offered, and a free slot, refused when the
// store says it is taken: valet_park into a taken slot would bridge to the call there).

#include <QDialog>
#include <QStringList>

#include <functional>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Ui {

class RetrieveDialog : public QDialog
{
    Q_OBJECT

public:
    RetrieveDialog(const QString &what, QWidget *parent = nullptr);
    [[nodiscard]] QString extension() const;
    [[nodiscard]] QLineEdit *extensionField() const { return m_extension; }
    [[nodiscard]] QString problem() const;

private:
    void check();

    QLineEdit *m_extension;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

class ParkDialog : public QDialog
{
    Q_OBJECT

public:
    // `taken(lot, slot)`: who is in that slot now ("Parked (5001)"), or nothing when it is free.
    // `freeSlot(lot)`: the slot to offer for a lot.
    using Taken = std::function<std::optional<QString>(const QString &lot, const QString &slot)>;
    using FreeSlot = std::function<QString(const QString &lot)>;
    ParkDialog(const QString &what, const QStringList &lots, Taken taken, FreeSlot freeSlot,
               QWidget *parent = nullptr);
    [[nodiscard]] QString lot() const;
    [[nodiscard]] QString slot() const;
    [[nodiscard]] QComboBox *lotField() const { return m_lot; }
    [[nodiscard]] QLineEdit *slotField() const { return m_slot; }
    [[nodiscard]] QString problem() const;

private:
    void check();

    QComboBox *m_lot;
    QLineEdit *m_slot;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    Taken m_taken;
    FreeSlot m_freeSlot;
};

} // namespace Ui
