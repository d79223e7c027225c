#include "ui/servers/trustdialog.h"

#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>

namespace Ui {

namespace {

// The question's words as rich text, with the fingerprint on a line of its own, in monospace,
// that never wraps: wrapped at its "/" ("SHA256:KRwjUg/" then the rest), it could not be
// compared with ssh-keygen's at a glance.
QString informativeHtml(const Console::TrustQuestion &question)
{
    const QString fingerprint = question.request.fingerprint;
    const auto html = [](const QString &plain) {
        return plain.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
    };
    const qsizetype at = fingerprint.isEmpty() ? -1 : question.text.indexOf(fingerprint);
    if (at < 0)
        return html(question.text);
    const QString before = question.text.left(at).trimmed();
    const QString after = question.text.mid(at + fingerprint.size()).trimmed();
    const QString mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    // white-space applies to blocks only in Qt's rich text: a div, not a span.
    return QStringLiteral("<div>%1</div><div style=\"font-family:'%2'; white-space:pre\">%3</div>"
                          "<div>%4</div>")
        .arg(html(before), mono.toHtmlEscaped(), fingerprint.toHtmlEscaped(), html(after));
}

} // namespace

QMessageBox *makeTrustDialog(const Console::TrustQuestion &question, QWidget *parent)
{
    auto *box = new QMessageBox(parent);
    box->setObjectName(QStringLiteral("trustDialog"));
    box->setWindowTitle(question.name.isEmpty()
                            ? question.title
                            : QObject::tr("%1 — %2").arg(question.name, question.title));
    box->setTextFormat(Qt::PlainText);
    box->setText(question.title);
    box->setInformativeText(informativeHtml(question));
    if (auto *label = box->findChild<QLabel *>(QStringLiteral("qt_msgbox_informativelabel")))
        label->setTextFormat(Qt::RichText); // the question's title stays plain text
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
