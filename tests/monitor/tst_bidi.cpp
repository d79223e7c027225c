// Names from the switch in composed strings: right-to-left text, Arabic digits and directional
// controls are isolated (FSI … PDI) so they cannot reorder what is around them; left-to-right
// text, CJK included, is left as it is.

#include "monitor/bidi.h"

#include <QTest>
#include <QFontMetrics>
#include <QTextLayout>

using namespace Qt::StringLiterals;

class TestBidi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isolatesWhatCanReorderItsNeighbours_data();
    void isolatesWhatCanReorderItsNeighbours();
    void anIsolatedArabicNameKeepsItsNumberInPlace();
    void keepsIsolatesBalancedAcrossTheEllipsis_data();
    void keepsIsolatesBalancedAcrossTheEllipsis();
    void aMiddleElidedCallerKeepsItsNumberRightOfItsName();
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

void TestBidi::keepsIsolatesBalancedAcrossTheEllipsis_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("elided");
    QTest::addColumn<QString>("expected");
    const QChar fsi(0x2068), pdi(0x2069), dots(0x2026);
    const QString name = fsi + u"محمد العلي"_s + pdi;
    const QString caller = name + u" <"_s + fsi + u"4561902704"_s + pdi + u">"_s;
    QTest::newRow("nothing cut") << caller << caller << caller;
    QTest::newRow("plain text cut") << u"sofia/internal/1001@example.com"_s
                                    << u"sofia/int…xample.com"_s << u"sofia/int…xample.com"_s;
    // The name's end and the number's start were cut: close the one, reopen the other.
    QTest::newRow("middle cut through both")
        << caller << (fsi + u"محمد"_s + dots + u"2704"_s + pdi + u">"_s)
        << (fsi + u"محمد"_s + pdi + dots + fsi + u"2704"_s + pdi + u">"_s);
    // Cut at the end: the open isolate is closed before the ellipsis.
    // Qt's own elision puts a zero-width joiner before the ellipsis.
    QTest::newRow("joiner before the ellipsis")
        << caller << (fsi + u"محمد"_s + QChar(0x200d) + dots + u"2704"_s + pdi + u">"_s)
        << (fsi + u"محمد"_s + pdi + QChar(0x200d) + dots + fsi + u"2704"_s + pdi + u">"_s);
    QTest::newRow("right cut inside the name")
        << caller << (fsi + u"محمد ال"_s + dots) << (fsi + u"محمد ال"_s + pdi + dots);
    QTest::newRow("cut after the name") << caller << (name + u" <"_s + dots)
                                        << (name + u" <"_s + dots);
}

void TestBidi::keepsIsolatesBalancedAcrossTheEllipsis()
{
    QFETCH(QString, original);
    QFETCH(QString, elided);
    QFETCH(QString, expected);
    QCOMPARE(Monitor::keepIsolatesBalanced(original, elided), expected);
}

// The details panel's Caller cell, elided in the middle as its table does: the number's
// digits must be drawn to the right of the name's letters, as in the whole text.
void TestBidi::aMiddleElidedCallerKeepsItsNumberRightOfItsName()
{
    const QString caller = Monitor::isolated(u"محمد العلي"_s) + u" <"_s
                           + Monitor::isolated(u"4561902704"_s) + u">"_s;
    const QFontMetrics metrics{QFont()};
    const QString elided = metrics.elidedText(caller, Qt::ElideMiddle,
                                              metrics.horizontalAdvance(caller) * 2 / 3);
    QVERIFY2(elided.contains(QChar(0x2026)), "the text was not elided; the test needs a cut");
    auto xOf = [](const QString &line, QChar c) {
        QTextLayout layout(line);
        QTextOption option;
        option.setTextDirection(Qt::LeftToRight);
        layout.setTextOption(option);
        layout.beginLayout();
        QTextLine l = layout.createLine();
        l.setLineWidth(10000);
        layout.endLayout();
        return l.cursorToX(line.lastIndexOf(c));
    };
    const QString shown = Monitor::keepIsolatesBalanced(caller, elided);
    // A letter of the name (not its first, whose cursor sits on the isolate's edge) and the
    // last digit, which both sides keep.
    const QChar letter = u'ح';
    const QChar digit = u'4';
    QVERIFY2(xOf(shown, letter) < xOf(shown, digit),
             qPrintable(u"letter at %1, digit at %2"_s.arg(xOf(shown, letter))
                            .arg(xOf(shown, digit))));
    // As the view drew it before: the isolate runs on past the ellipsis and takes the number
    // to the left of the name.
    QVERIFY(xOf(elided, letter) > xOf(elided, digit));
}

QTEST_MAIN(TestBidi)
#include "tst_bidi.moc"
