// Names from the switch in composed strings: right-to-left text, Arabic digits and directional
// controls are isolated (FSI … PDI) so they cannot reorder what is around them; left-to-right
// text, CJK included, is left as it is.

#include "monitor/bidi.h"

#include <QTest>
#include <QTextLayout>

using namespace Qt::StringLiterals;

class TestBidi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isolatesWhatCanReorderItsNeighbours_data();
    void isolatesWhatCanReorderItsNeighbours();
    void anIsolatedArabicNameKeepsItsNumberInPlace();
};

void TestBidi::isolatesWhatCanReorderItsNeighbours_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isolated");
    QTest::newRow("ascii name") << u"Alice Smith"_s << false;
    QTest::newRow("number with plus") << u"+4522372743"_s << false;
    QTest::newRow("korean") << u"김민준"_s << false;
    QTest::newRow("chinese") << u"王伟"_s << false;
    QTest::newRow("accented") << u"Søren Ærø"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("arabic") << u"محمد العلي"_s << true;
    QTest::newRow("hebrew") << u"דוד לוי"_s << true;
    QTest::newRow("arabic-indic digits") << u"٤٥٢٢"_s << true;
    QTest::newRow("mixed latin and arabic") << u"Ali علي"_s << true;
    QTest::newRow("right-to-left override") << u"evil\u202Etxt.exe"_s << true;
    QTest::newRow("left-to-right embedding") << u"a\u202Ab"_s << true;
    QTest::newRow("stray pop isolate") << u"x\u2069y"_s << true;
    // Outside the BMP: Hanifi Rohingya letters are right-to-left (a surrogate pair each).
    QTest::newRow("rtl beyond the bmp") << QString::fromUcs4(U"\U00010D00\U00010D01") << true;
}

void TestBidi::isolatesWhatCanReorderItsNeighbours()
{
    QFETCH(QString, text);
    QFETCH(bool, isolated);
    QCOMPARE(Monitor::needsIsolation(text), isolated);
    const QString out = Monitor::isolated(text);
    if (isolated)
        QCOMPARE(out, QChar(0x2068) + text + QChar(0x2069));
    else
        QCOMPARE(out, text);
}

// The visual order of "name <number>" in a left-to-right line: with the name isolated, the
// number stays to the right of the name, inside its brackets, as the operator expects.
void TestBidi::anIsolatedArabicNameKeepsItsNumberInPlace()
{
    const QString name = u"محمد العلي"_s;
    const QString number = u"+4522372743"_s;
    auto visualOrder = [](const QString &line) {
        QTextLayout layout(line);
        QTextOption option;
        option.setTextDirection(Qt::LeftToRight);
        layout.setTextOption(option);
        layout.beginLayout();
        QTextLine l = layout.createLine();
        l.setLineWidth(10000);
        layout.endLayout();
        // Where (x) the '<' and the number's first digit are drawn.
        return std::pair{l.cursorToX(line.indexOf(u'<')), l.cursorToX(line.indexOf(u'+'))};
    };
    const auto [bracket, plus] =
        visualOrder(Monitor::isolated(name) + u" <"_s + Monitor::isolated(number) + u">"_s);
    QVERIFY2(bracket < plus, qPrintable(u"'<' at %1, '+' at %2"_s.arg(bracket).arg(plus)));
    // Without the isolate the name's direction takes the number along: the bug this prevents.
    const auto [plainBracket, plainPlus] = visualOrder(name + u" <"_s + number + u">"_s);
    QVERIFY2(plainBracket > plainPlus,
             qPrintable(u"'<' at %1, '+' at %2"_s.arg(plainBracket).arg(plainPlus)));
}

QTEST_MAIN(TestBidi)
#include "tst_bidi.moc"
