// eslcat against a hostile switch: whatever the switch writes into a rejection, an -ERR text or
// a header, what eslcat prints on the operator's terminal holds no byte the terminal would act
// on (ESC sequences that retitle or clear it, BEL, CR, C1 controls) and stays one short line.
// The body of `eslcat api` is the command's output: exact through a pipe, escaped on a terminal.

#include "support/scriptedpeer.h"

#include <QProcess>
#include <QTest>

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int ProcessTimeoutMs = 20000;

// What a hostile switch would put in its texts: a new terminal title, a carriage return to
// write over the line, a cleared screen, and CSI as one C1 control.
const QByteArray Hostile = "\x1b]0;pwned\x07\r\x1b[2J\xc2\x9b"
                           "2J";
const QByteArray HostileShown = R"(\e]0;pwned\a\r\e[2J\u{9b}2J)";

// A byte a terminal acts on (C0 but the final newline, DEL, the UTF-8 of a C1 control).
bool hasControlBytes(QByteArrayView text)
{
    if (text.endsWith('\n'))
        text.chop(1);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const auto c = uchar(text[i]);
        if (c < 0x20 || c == 0x7f ||
            (c == 0xc2 && i + 1 < text.size() && uchar(text[i + 1]) < 0xa0))
            return true;
    }
    return false;
}

QByteArray frame(const QByteArray &type, const QByteArray &body)
{
    return "Content-Type: " + type + "\nContent-Length: " + QByteArray::number(body.size()) +
           "\n\n" + body;
}

class Run
{
public:
    explicit Run(quint16 port, const QStringList &arguments)
    {
        m_process.setProgram(QStringLiteral(ESLCAT_PATH));
        m_process.setArguments(QStringList{arguments.first(), u"--port"_s, QString::number(port)} +
                               arguments.mid(1));
    }
    ~Run()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    QProcess &process() { return m_process; }
    bool start()
    {
        m_process.start();
        return m_process.waitForStarted();
    }
    // Runs the event loop (the peer needs it) until eslcat has ended.
    bool waitForExit()
    {
        return QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning; },
                               ProcessTimeoutMs);
    }
    [[nodiscard]] int exitCode() const { return m_process.exitCode(); }
    QByteArray out() { return m_out += m_process.readAllStandardOutput(); }
    QByteArray err() { return m_err += m_process.readAllStandardError(); }

private:
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
};

// S: auth/request, C: auth ClueCon, S: +OK; then the client's own commands are answered until
// it sends `wanted`.
bool logInAndAwait(ScriptedPeer &peer, const QByteArray &wanted)
{
    if (!peer.waitForClient(ProcessTimeoutMs))
        return false;
    peer.send(ScriptedPeer::authRequest());
    if (!peer.expect("auth ClueCon\n\n", ProcessTimeoutMs))
        return false;
    peer.send(ScriptedPeer::reply("+OK accepted"));
    for (;;) {
        const QByteArray command = peer.nextCommand(ProcessTimeoutMs);
        if (command.isEmpty() || command == wanted)
            return !command.isEmpty();
        peer.send(command.startsWith("api ") ? ScriptedPeer::apiResponse("+OK\n")
                                             : ScriptedPeer::reply("+OK"));
    }
}

} // namespace

class TestEslcatHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aRudeRejectionIsShownEscapedOnOneLine();
    void aRefusedLoginIsShownEscaped();
    void anErrAnswerIsShownEscaped();
    void aHalfMegabyteNegativeLengthIsOneShortLineWithTheOffset();
    void anApiBodyGoesThroughAPipeByteForByte();
    void anApiBodyIsEscapedOnATerminal();
};

void TestEslcatHostile::aRudeRejectionIsShownEscapedOnOneLine()
{
    ScriptedPeer peer;
    Run eslcat(peer.port(), {u"api"_s, u"status"_s});
    QVERIFY(eslcat.start());
    QVERIFY(peer.waitForClient(ProcessTimeoutMs));
    peer.send(frame("text/rude-rejection", "Access Denied" + Hostile + " go away.\n"));
    peer.closeClient();
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 2);
    const QByteArray err = eslcat.err();
    QVERIFY2(err.contains("Access Denied" + HostileShown + " go away."), err.constData());
    QVERIFY2(!hasControlBytes(err), err.toPercentEncoding().constData());
    QCOMPARE(err.count('\n'), 1);
}

void TestEslcatHostile::aRefusedLoginIsShownEscaped()
{
    ScriptedPeer peer;
    Run eslcat(peer.port(), {u"events"_s});
    QVERIFY(eslcat.start());
    QVERIFY(peer.waitForClient(ProcessTimeoutMs));
    peer.send(ScriptedPeer::authRequest());
    QVERIFY(peer.expect("auth ClueCon\n\n", ProcessTimeoutMs));
    peer.send(ScriptedPeer::reply("-ERR invalid" + Hostile));
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 2);
    const QByteArray err = eslcat.err();
    QVERIFY2(err.contains("-ERR invalid" + HostileShown), err.constData());
    QVERIFY2(!hasControlBytes(err), err.toPercentEncoding().constData());
}

void TestEslcatHostile::anErrAnswerIsShownEscaped()
{
    ScriptedPeer peer;
    Run eslcat(peer.port(), {u"api"_s, u"uuid_kill 1"_s});
    QVERIFY(eslcat.start());
    QVERIFY(logInAndAwait(peer, "api uuid_kill 1\n\n"));
    peer.send(ScriptedPeer::apiResponse("-ERR No such channel" + Hostile + "\n"));
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 1);
    QCOMPARE(eslcat.out(), QByteArray());
    QCOMPARE(eslcat.err(), "eslcat: uuid_kill 1: -ERR No such channel" + HostileShown + "\n");
}

void TestEslcatHostile::aHalfMegabyteNegativeLengthIsOneShortLineWithTheOffset()
{
    ScriptedPeer peer;
    Run eslcat(peer.port(), {u"api"_s, u"status"_s});
    QVERIFY(eslcat.start());
    QVERIFY(logInAndAwait(peer, "api status\n\n"));
    peer.send("Content-Type: api/response\nContent-Length: -" + QByteArray(500'000, '0') + "1\n\n");
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 2);
    const QByteArray err = eslcat.err();
    QVERIFY2(err.size() < 200, err.left(300).constData());
    QCOMPARE(err.count('\n'), 1);
    QVERIFY2(err.contains("at byte "), err.constData());
    QVERIFY2(err.contains("negative Content-Length \"-0000"), err.constData());
    QVERIFY2(err.contains("…\" (500002 bytes)"), err.constData());
}

void TestEslcatHostile::anApiBodyGoesThroughAPipeByteForByte()
{
    ScriptedPeer peer;
    Run eslcat(peer.port(), {u"api"_s, u"status"_s});
    QVERIFY(eslcat.start());
    QVERIFY(logInAndAwait(peer, "api status\n\n"));
    const QByteArray body = "UP 0 years" + Hostile + "\r\n\tready\n";
    peer.send(ScriptedPeer::apiResponse(body));
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 0);
    QCOMPARE(eslcat.out(), body); // for `| jq`, `> file`: the switch's bytes
}

void TestEslcatHostile::anApiBodyIsEscapedOnATerminal()
{
    // eslcat's standard output is a pseudo-terminal; the test reads what the screen would get.
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    QVERIFY(master >= 0);
    QVERIFY(::grantpt(master) == 0 && ::unlockpt(master) == 0);
    const QByteArray terminal = ::ptsname(master);
    const int screen = ::open(terminal.constData(), O_RDWR | O_NOCTTY); // kept open: no EIO
    QVERIFY(screen >= 0);
    termios raw{};
    QVERIFY(::tcgetattr(screen, &raw) == 0);
    ::cfmakeraw(&raw); // no CR added before LF: the bytes as eslcat wrote them
    QVERIFY(::tcsetattr(screen, TCSANOW, &raw) == 0);

    ScriptedPeer peer;
    Run eslcat(peer.port(), {u"api"_s, u"status"_s});
    eslcat.process().setStandardOutputFile(QString::fromLocal8Bit(terminal));
    QVERIFY(eslcat.start());
    QVERIFY(logInAndAwait(peer, "api status\n\n"));
    peer.send(ScriptedPeer::apiResponse("UP 0 years" + Hostile + "\r\n\tready\n"));
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 0);

    QByteArray shown;
    pollfd ready{master, POLLIN, 0};
    while (!shown.endsWith("ready\n") && ::poll(&ready, 1, ProcessTimeoutMs) > 0) {
        char buffer[4096];
        const ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n <= 0)
            break;
        shown.append(buffer, n);
    }
    ::close(screen);
    ::close(master);
    // Line breaks (CRLF too) and tabs stay; the rest shows escaped.
    QCOMPARE(shown, "UP 0 years" + HostileShown + "\r\n\tready\n");
}

QTEST_GUILESS_MAIN(TestEslcatHostile)
#include "tst_eslcat_hostile.moc"
