// The console log model: the switch's log lines (no events), coloured by level, filtered by
// level, by text without regard to case, and by call — fed by a simulated switch over
// 127.0.0.1 while a QAbstractItemModelTester watches.

#include "support/uisim.h"

#include "ui/common/modelroles.h"
#include "ui/logs/consolelogmodel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QTest>

#include <cmath>

using namespace Qt::Literals::StringLiterals;
using Monitor::Hub;
using TestSupport::kTester;
using TestSupport::kWait;
using TestSupport::UiSim;
using Ui::ConsoleLogModel;

namespace {

Sim::LogEntry line(int level, const QByteArray &text, const QString &uuid = {})
{
    return Sim::LogEntry{level, u"mod_test.c"_s, u"test_function"_s, 100 + level,
                         uuid,  text + '\n'};
}

// WCAG's contrast ratio of a colour against white.
double contrastWithWhite(const QColor &colour)
{
    const auto linear = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    const double luminance = 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) +
                             0.0722 * linear(colour.blueF());
    return 1.05 / (luminance + 0.05);
}

QString text(const ConsoleLogModel &model, int row, int column = ConsoleLogModel::Text)
{
    return model.data(model.index(row, column), Qt::DisplayRole).toString();
}

} // namespace

class TestConsoleLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsLogLinesOnlyColouredByLevel();
    void filtersByMaximumLevel();
    void filtersByTextIgnoringCase();
    void followsACall();
    void showsWhatWasLoggedWithoutTheSwitchsPrefix();

private:
    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Hub> m_hub;
    Monitor::ServerMonitor *m_monitor = nullptr;
    std::unique_ptr<ConsoleLogModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestConsoleLogModel::init()
{
    m_sim = std::make_unique<UiSim>();
    m_hub = std::make_unique<Hub>();
    m_monitor = m_sim->watch(*m_hub, u"pbx1"_s);
    QVERIFY(m_monitor);
    m_model = std::make_unique<ConsoleLogModel>(m_hub.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(), kTester);
    for (int level = 0; level <= 7; ++level)
        m_sim->sw->log(line(level, "Line at level " + QByteArray::number(level)));
    QVERIFY(QTest::qWaitFor([&] { return m_model->rowCount() == 8; }, kWait));
}

void TestConsoleLogModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_hub.reset();
    m_sim.reset();
}

void TestConsoleLogModel::showsLogLinesOnlyColouredByLevel()
{
    // Events flowed too (the connection's own api calls); none of them is a row.
    QVERIFY(m_monitor->eventsReceived() > 0);
    QSet<QRgb> colours;
    for (int row = 0; row < 8; ++row) {
        const QModelIndex index = m_model->index(row, ConsoleLogModel::Text);
        const int level = m_model->data(index, Ui::LogLevelRole).toInt();
        QCOMPARE(level, row);
        QCOMPARE(text(*m_model, row), u"Line at level %1"_s.arg(row));
        QCOMPARE(text(*m_model, row, ConsoleLogModel::Level), ConsoleLogModel::levelName(level));
        QCOMPARE(text(*m_model, row, ConsoleLogModel::Source), u"mod_test.c:%1"_s.arg(100 + row));
        QCOMPARE(text(*m_model, row, ConsoleLogModel::Server), u"pbx1"_s);
        const QColor colour = m_model->data(index, Qt::ForegroundRole).value<QColor>();
        QCOMPARE(colour, ConsoleLogModel::levelColor(level));
        QCOMPARE(m_model->data(index, Qt::FontRole).value<QFont>().bold(), level <= 2);
        colours.insert(colour.rgb());
        QVERIFY(contrastWithWhite(colour) >= 4.5); // readable on a light background (WCAG AA)
    }
    QCOMPARE(colours.size(), 6); // 0-2 share one; 3, 4, 5, 6, 7 each their own
    QCOMPARE(text(*m_model, 3, ConsoleLogModel::Level), u"ERR"_s);
    QCOMPARE(m_model->data(m_model->index(0, ConsoleLogModel::Level), Ui::RawValueRole).toInt(), 0);
}

void TestConsoleLogModel::filtersByMaximumLevel()
{
    m_model->setMaximumLevel(3);
    QCOMPARE(m_model->rowCount(), 4);
    for (int row = 0; row < 4; ++row)
        QVERIFY(m_model->data(m_model->index(row, 0), Ui::LogLevelRole).toInt() <= 3);
    // New lines pass the same test.
    m_sim->sw->log(line(2, "critical"));
    m_sim->sw->log(line(7, "chatter"));
    QVERIFY(QTest::qWaitFor([&] { return m_model->rowCount() == 5; }, kWait));
    QTest::qWait(300);
    QCOMPARE(m_model->rowCount(), 5);
    QCOMPARE(text(*m_model, 4), u"critical"_s);
    m_model->setMaximumLevel(7);
    QCOMPARE(m_model->rowCount(), 10);
}

void TestConsoleLogModel::filtersByTextIgnoringCase()
{
    m_model->setTextFilter(u"LEVEL 6"_s);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(text(*m_model, 0), u"Line at level 6"_s);
    m_sim->sw->log(line(6, "another LeVeL 6 line"));
    QVERIFY(QTest::qWaitFor([&] { return m_model->rowCount() == 2; }, kWait));
    m_model->setTextFilter(u"Line at"_s);
    QCOMPARE(m_model->rowCount(), 8);
    m_model->setTextFilter(QString());
    QCOMPARE(m_model->rowCount(), 9);
}

void TestConsoleLogModel::followsACall()
{
    const QString a = m_sim->call(u"Ann"_s);
    QVERIFY(QTest::qWaitFor([&] { return m_monitor->channels()->liveCount() == 2; }, kWait));
    m_model->followChannels({a});
    m_sim->sw->log(line(4, "about the call", a));
    m_sim->sw->log(line(4, "about something else", u"other-uuid"_s));
    // The switch logs the call's own lines too (New Channel, Processing, ...): all about its legs.
    const auto rowSaying = [&](const QString &said) {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (text(*m_model, row) == said)
                return row;
        }
        return -1;
    };
    QVERIFY(QTest::qWaitFor([&] { return rowSaying(u"about the call"_s) >= 0; }, kWait));
    QVERIFY(m_model->rowCount() > 1);
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->data(m_model->index(row, 0), Ui::UuidRole).toString(), a);
    QCOMPARE(rowSaying(u"about something else"_s), -1);
    const int row = rowSaying(u"about the call"_s);
    QCOMPARE(m_model->data(m_model->index(row, ConsoleLogModel::Channel), Qt::ToolTipRole), a);
    m_model->followChannels({});
    QVERIFY(QTest::qWaitFor([&] { return rowSaying(u"about something else"_s) > 7; }, kWait));
}

void TestConsoleLogModel::showsWhatWasLoggedWithoutTheSwitchsPrefix()
{
    // Lines of tests/fixtures/inbound-plain.esl: the session channel's, then a clean one.
    QCOMPARE(ConsoleLogModel::messageOf(
                 u"2026-11-24 13:08:14.788900 99.23% [DEBUG] switch_ivr.c:3575 (loopback/9197-a) "
                 "State Change CS_EXECUTE -> CS_PARK\n"_s),
             u"(loopback/9197-a) State Change CS_EXECUTE -> CS_PARK"_s);
    QCOMPARE(ConsoleLogModel::messageOf(u"EXECUTE [depth=0] loopback/9197-a echo()\n"_s),
             u"EXECUTE [depth=0] loopback/9197-a echo()"_s);
    // What only looks like a prefix stays.
    QCOMPARE(ConsoleLogModel::messageOf(u"2026-11-24 13:08:14 was a Tuesday\n"_s),
             u"2026-11-24 13:08:14 was a Tuesday"_s);
    // The simulated switch writes its lines as the real one does; the model shows the text.
    QCOMPARE(text(*m_model, 5), u"Line at level 5"_s);
    const QString body = QString::fromUtf8(m_model->recordAt(5)->body());
    QVERIFY2(body.contains(u"% [NOTICE] mod_test.c:105 Line at level 5\n"_s), qPrintable(body));
}

QTEST_MAIN(TestConsoleLogModel)
#include "tst_consolelogmodel.moc"
