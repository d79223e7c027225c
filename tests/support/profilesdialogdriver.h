#pragma once
// Driving the Profiles dialog as an operator does, for the tests of ui/servers: find a named
// child, retype a field, add a profile.

#include <QLineEdit>
#include <QPushButton>
#include <QTest>
#include <QWidget>

namespace TestSupport {

// The child of `dialog` named `name`; the test program stops when there is none.
template<typename T> T *child(const QWidget &dialog, const char *name)
{
    T *widget = dialog.findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no %s", name);
    return widget;
}

// Replaces the field's text by typing, as the operator would.
inline void retype(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

// Add, then the name "pbx1", `host` and a password typed in.
inline void addProfile(QWidget &dialog, const QString &host)
{
    QTest::mouseClick(child<QPushButton>(dialog, "addButton"), Qt::LeftButton);
    retype(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("pbx1"));
    retype(child<QLineEdit>(dialog, "hostEdit"), host);
    retype(child<QLineEdit>(dialog, "passwordEdit"), QStringLiteral("s3cret"));
}

} // namespace TestSupport
