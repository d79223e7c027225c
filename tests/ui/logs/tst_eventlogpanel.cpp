// The event log panel's filter box (issue #17): while the operator types, the log keeps showing
// the last filter that compiled; a half-typed expression on the way to a whole one is not
// applied at every key (it would empty the log), and one that does not compile says what is
// wrong, where, and what is still shown, beside the box. Enter applies at once. And what the log
// shows is what a CSV export offers first: its visible columns, in the order they are shown. A
// valid filter that shows nothing says why beside the box (a header no event has, a value no
// event has, with the nearest one), and no message ever narrows the box.
// Driven offscreen against a simulated switch on 127.0.0.1.

#include "support/uisim.h"

#include "ui/logs/logpanels.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;
using TestSupport::UiSim;
using Ui::EventLogModel;
using Ui::EventLogPanel;

class TestEventLogPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void aWholeFilterAppliesOnceTheTypingStops();
    void anInvalidFilterKeepsTheLastValidOnesRowsAndSaysWhereBesideTheBox();
    void enterAppliesAtOnce();
    void aCsvOffersTheShownColumnsInTheirOrder();
    void aFilterThatShowsNothingSaysWhyBesideTheBox();
    void theBoxKeepsItsWidthWhateverTheMessage();

private:
    // Types `text` into the emptied filter box, key by key.
    void type(const QString &text);
    [[nodiscard]] int rows() const { return m_panel->model()->rowCount(); }
    [[nodiscard]] QLabel *error() const
    {
        return m_panel->findChild<QLabel *>(u"eventFilterError"_s);
    }

    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<EventLogPanel> m_panel;
};

void TestEventLogPanel::init()
{
    m_sim = std::make_unique<UiSim>();
    m_hub = std::make_unique<Monitor::Hub>();
    QVERIFY(m_sim->watch(*m_hub, u"pbx"_s));
    m_panel = std::make_unique<EventLogPanel>(m_hub.get());
    m_panel->resize(1000, 400);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    m_sim->call(u"Alice"_s);
    m_sim->call(u"Bob"_s);
    // Both legs of both calls answered, and every record shown.
    QVERIFY(QTest::qWaitFor(
        [this] {
            return m_hub->server(1)->channels()->liveCount() == 4 &&
                   rows() == m_hub->store()->size();
        },
        kWait));
}

void TestEventLogPanel::cleanup()
{
    m_panel.reset();
    m_hub.reset();
    m_sim.reset();
}

void TestEventLogPanel::type(const QString &text)
{
    QLineEdit *filter = m_panel->filterEdit();
    filter->setFocus();
    filter->selectAll();
    QTest::keyClick(filter, Qt::Key_Delete);
    QTest::keyClicks(filter, text);
}

void TestEventLogPanel::aWholeFilterAppliesOnceTheTypingStops()
{
    const int all = rows();
    type(u"Event-Name == CHANNEL_ANSWER"_s);
    QCOMPARE(rows(), all); // nothing yet: the operator may still be typing
    QVERIFY(QTest::qWaitFor([this] { return rows() == 4; }, kWait));
    QCOMPARE(m_panel->appliedFilterText(), u"Event-Name == CHANNEL_ANSWER"_s);
    QVERIFY(!error()->isVisible());
}

void TestEventLogPanel::anInvalidFilterKeepsTheLastValidOnesRowsAndSaysWhereBesideTheBox()
{
    type(u"Event-Name == CHANNEL_ANSWER"_s);
    QVERIFY(QTest::qWaitFor([this] { return rows() == 4; }, kWait));

    // On its way to `Event-Name ~ "CHANNEL_(ANSWER|BRIDGE)"` the text reads `Event-Name` (a word
    // no value holds), then stops compiling; the operator pauses with a bracket left open.
    type(u"Event-Name ~ \"CHANNEL_(\""_s);
    QVERIFY(error()->isVisible());
    QVERIFY2(error()->text().startsWith(u"invalid regular expression: missing closing "
                                        "parenthesis"_s),
             qPrintable(error()->text()));
    QVERIFY2(error()->text().contains(u"(at character 14)"_s), qPrintable(error()->text()));
    QVERIFY2(error()->text().endsWith(u"still showing Event-Name == CHANNEL_ANSWER"_s),
             qPrintable(error()->text()));
    QTest::qWait(3 * EventLogPanel::kFilterDelayMs);
    QCOMPARE(rows(), 4);
    QCOMPARE(m_panel->appliedFilterText(), u"Event-Name == CHANNEL_ANSWER"_s);
    // Beside the box, on its line, not pushing the table down.
    const QRect box = m_panel->filterEdit()->geometry();
    const QRect message = error()->geometry();
    QVERIFY(message.left() >= box.right());
    QVERIFY(qAbs(message.center().y() - box.center().y()) <= box.height() / 2);

    // Finished, it applies, and the message goes.
    QTest::keyClick(m_panel->filterEdit(), Qt::Key_Left); // inside the quotes
    QTest::keyClicks(m_panel->filterEdit(), u"ANSWER|BRIDGE)"_s);
    QVERIFY(!error()->isVisible());
    QVERIFY(QTest::qWaitFor([this] { return rows() > 4; }, kWait));
    for (int r = 0; r < rows(); ++r) {
        const QString name = m_panel->model()->index(r, EventLogModel::Event).data().toString();
        QVERIFY2(name == u"CHANNEL_ANSWER" || name == u"CHANNEL_BRIDGE", qPrintable(name));
    }
}

void TestEventLogPanel::enterAppliesAtOnce()
{
    type(u"Event-Name == CHANNEL_ANSWER"_s);
    QTest::keyClick(m_panel->filterEdit(), Qt::Key_Return);
    QCOMPARE(rows(), 4);
    // A wrong one with Enter changes nothing either.
    type(u"Event-Name =="_s);
    QTest::keyClick(m_panel->filterEdit(), Qt::Key_Return);
    QCOMPARE(rows(), 4);
    QVERIFY(error()->isVisible());
    // Emptied, everything again.
    type(QString());
    QTest::keyClick(m_panel->filterEdit(), Qt::Key_Return);
    QCOMPARE(rows(), int(m_hub->store()->size()));
}

void TestEventLogPanel::aCsvOffersTheShownColumnsInTheirOrder()
{
    QCOMPARE(m_panel->shownCsvColumns(),
             (QStringList{u"@time"_s, u"@server"_s, u"@kind"_s, u"@name"_s, u"Event-Subclass"_s,
                          u"@uuid"_s, u"@caller"_s, u"@summary"_s}));
    // The operator adds a column, hides the subclass and drags the caller to the front.
    QVERIFY(m_panel->model()->addHeaderColumn(u"Hangup-Cause"_s));
    QHeaderView *header = m_panel->view()->horizontalHeader();
    header->hideSection(EventLogModel::Subclass);
    header->moveSection(header->visualIndex(EventLogModel::Caller), 0);
    QCOMPARE(m_panel->shownCsvColumns(),
             (QStringList{u"@caller"_s, u"@time"_s, u"@server"_s, u"@kind"_s, u"@name"_s,
                          u"@uuid"_s, u"@summary"_s, u"Hangup-Cause"_s}));
}

void TestEventLogPanel::aFilterThatShowsNothingSaysWhyBesideTheBox()
{
    // A typo in the header's name: a valid expression that no record matches.
    type(u"Event-Nmae == CHANNEL_ANSWER"_s);
    QTest::keyClick(m_panel->filterEdit(), Qt::Key_Return);
    QCOMPARE(rows(), 0);
    QVERIFY(error()->isVisible());
    QCOMPARE(error()->text(), u"no header Event-Nmae — did you mean Event-Name?"_s);
    QCOMPARE(error()->toolTip(), error()->text());
    // A hint, not an error: not red, and the box is not marked.
    QVERIFY2(!error()->styleSheet().contains(u"#b02a37"_s), qPrintable(error()->styleSheet()));
    QVERIFY(m_panel->filterEdit()->styleSheet().isEmpty());
    QCOMPARE(m_panel->appliedFilterText(), u"Event-Nmae == CHANNEL_ANSWER"_s);

    // A typo in the value.
    type(u"Event-Name == CHANEL_ANSWER"_s);
    QTest::keyClick(m_panel->filterEdit(), Qt::Key_Return);
    QCOMPARE(rows(), 0);
    QCOMPARE(error()->text(), u"no Event-Name is CHANEL_ANSWER — did you mean CHANNEL_ANSWER?"_s);

    // Nothing near: how many it was tried on.
    type(u"Event-Name == CHANNEL_ANSWER && Event-Name == CHANNEL_HANGUP"_s);
    QTest::keyClick(m_panel->filterEdit(), Qt::Key_Return);
    QCOMPARE(rows(), 0);
    QCOMPARE(error()->text(),
             u"matches none of the %1 stored event(s)"_s.arg(m_hub->store()->size()));

    // Something matches: the hint goes.
    type(u"Event-Name == CHANNEL_ANSWER"_s);
    QTest::keyClick(m_panel->filterEdit(), Qt::Key_Return);
    QCOMPARE(rows(), 4);
    QVERIFY(!error()->isVisible());
}

void TestEventLogPanel::theBoxKeepsItsWidthWhateverTheMessage()
{
    QLineEdit *box = m_panel->filterEdit();
    const int width = box->width();
    QVERIFY(width > m_panel->width() / 2);
    // A message longer than its share of the line: the box stays as wide, the message is cut
    // with an ellipsis and the tooltip has it whole.
    type(u"Event-Name == CHANNEL_ANSWER && (Caller-Caller-ID-Name == Alice || Hangup-Cause =="_s);
    QVERIFY(error()->isVisible());
    QTest::qWait(50);
    QCOMPARE(box->width(), width);
    QVERIFY(error()->fontMetrics().horizontalAdvance(error()->text()) > error()->width());
    QVERIFY(error()->text().contains(u"still showing every event"_s));
    QCOMPARE(error()->toolTip(), error()->text());
    QVERIFY(error()->geometry().right() <= m_panel->width());
    type(u"Event-Name == CHANNEL_ANSWER"_s);
    QTest::qWait(50);
    QCOMPARE(box->width(), width);
}

QTEST_MAIN(TestEventLogPanel)
#include "tst_eventlogpanel.moc"
