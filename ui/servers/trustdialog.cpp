#include "ui/servers/trustdialog.h"

#include <QMessageBox>
#include <QPointer>
#include <QPushButton>

namespace Ui {

QMessageBox *makeTrustDialog(const Console::TrustQuestion &question, QWidget *parent)
{
    auto *box = new QMessageBox(parent);
    box->setObjectName(QStringLiteral("trustDialog"));
    box->setWindowTitle(question.name.isEmpty()
                            ? question.title
                            : QObject::tr("%1 — %2").arg(question.name, question.title));
    box->setTextFormat(Qt::PlainText);
    box->setText(question.title);
    box->setInformativeText(question.text);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (question.canAccept()) {
        box->setIcon(QMessageBox::Question);
        QPushButton *accept = box->addButton(question.acceptLabel, QMessageBox::AcceptRole);
        accept->setObjectName(QStringLiteral("acceptTrustButton"));
        QPushButton *cancel = box->addButton(QMessageBox::Cancel);
        // Enter must not trust a key: the safe answer is the default.
        box->setDefaultButton(cancel);
        box->setEscapeButton(cancel);
    } else {
        // A change is not a question: no way to accept it here.
        box->setIcon(QMessageBox::Critical);
        box->setStandardButtons(QMessageBox::Close);
    }
    return box;
}

bool askTrust(const Console::TrustQuestion &question, QWidget *parent)
{
    QPointer<QMessageBox> box = makeTrustDialog(question, parent);
    box->exec();
    if (!box)
        return false; // the window went while it was open
    const bool accepted = question.canAccept() && box->clickedButton() &&
                          box->clickedButton()->objectName() == u"acceptTrustButton";
    box->deleteLater();
    return accepted;
}

} // namespace Ui
