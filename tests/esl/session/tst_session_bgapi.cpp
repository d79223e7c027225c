// Esl::Session's bgapi: the command carries a Job-UUID of our own, and the job resolves on the
// BACKGROUND_JOB that names it, whatever order the results arrive in and even when the result
// overtakes its ack. Rainy days: an -ERR ack fails the job; an -ERR result is data, not an error.

#include "esl/session/sessionharness.h"

#include <QObject>
#include <QSet>

using namespace SessionHarness;
using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::JobResult;
using Esl::Reply;
using Esl::Session;

class TestSessionBgapi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { verifyTheRealCapture(); }

    // Happy flows: bgapi
    void bgapiSendsItsJobUuidAndResolvesOnTheBackgroundJob();
    void bgapiResolvesJobsWhoseResultsArriveOutOfOrder();
    void bgapiResolvesWhenTheBackgroundJobOvertakesItsAck();

    // Rainy days
    void bgapiFailsTheJobWhenTheAckIsErr();
    void bgapiResultWithErrIsDataNotAnError();
};

// ---------------------------------------------------------------------------------------------
// Happy flows: bgapi

void TestSessionBgapi::bgapiSendsItsJobUuidAndResolvesOnTheBackgroundJob()
{
    Link link;
    OPEN(link);
    const QString originate =
        u"originate {origination_uuid=a210d645-81c9-4730-9fb8-ef8b4cd23c59}loopback/9197/default &park()"_s;
    const QFuture<JobResult> job = link.session.bgapi(originate);

    // C: the command carries our own Job-UUID
    const QByteArray command = link.command();
    const QByteArray id = headerOf(command, "Job-UUID");
    QVERIFY2(isUuid(id), command.constData());
    QCOMPARE(command, "bgapi " + originate.toUtf8() + "\nJob-UUID: " + id + "\n\n");
    QCOMPARE(link.session.pendingJobs(), 1);

    // S: the switch acknowledges with our id; the job is not done yet
    PLAY(link, realWith(Real::BgapiAck, Real::JobOriginate, id));
    QVERIFY(!job.isFinished());

    // S: an unrelated event, then the BACKGROUND_JOB; the job is resolved before the event is
    // announced, so a listener already sees the result
    bool finishedWhenAnnounced = false;
    QObject context;
    connect(&link.session, &Session::eventReceived, &context, [&](const Esl::Event &event) {
        if (event.eventName() == "BACKGROUND_JOB")
            finishedWhenAnnounced = job.isFinished();
    });
    PLAY(link, real(Real::ChannelCreate) + realWith(Real::BackgroundJob, Real::JobOriginate, id));
    QVERIFY(job.isFinished());
    QVERIFY(finishedWhenAnnounced);
    const JobResult result = job.result();
    QVERIFY(result.ok());
    QCOMPARE(result.jobUuid(), QString::fromLatin1(id));
    QCOMPARE(result.ack().text(), u"+OK Job-UUID: "_s + QString::fromLatin1(id));
    QCOMPARE(result.body(), "+OK " + Real::ChannelA + '\n');
    QCOMPARE(result.event().name(), u"BACKGROUND_JOB"_s);
    QCOMPARE(result.event().text("Job-Command"), u"originate"_s);
    QCOMPARE(link.session.pendingJobs(), 0);
    QCOMPARE(eventNames(link.events), (QStringList{u"CHANNEL_CREATE"_s, u"BACKGROUND_JOB"_s}));

    // The body is the command's output byte for byte, '%' included.
    const QFuture<JobResult> echo = link.session.bgapi(u"echo 100% literal %s %d done"_s);
    const QByteArray echoId = headerOf(link.command(), "Job-UUID");
    PLAY(link, bgapiAck(echoId) + realWith(Real::BackgroundJobEcho, Real::JobEcho, echoId));
    QVERIFY(echo.isFinished());
    QCOMPARE(echo.result().body(), "100% literal %s %d done");
    QCOMPARE(echo.result().text(), u"100% literal %s %d done"_s);
}

void TestSessionBgapi::bgapiResolvesJobsWhoseResultsArriveOutOfOrder()
{
    Link link;
    OPEN(link);
    QList<QFuture<JobResult>> jobs;
    QByteArrayList ids;
    for (int i = 0; i < 3; ++i) {
        jobs.append(link.session.bgapi(u"echo job %1"_s.arg(i)));
        ids.append(headerOf(link.command(), "Job-UUID"));
        QVERIFY(isUuid(ids.last()));
    }
    QCOMPARE(QSet<QByteArray>(ids.begin(), ids.end()).size(), 3);
    PLAY(link, bgapiAck(ids[0]) + bgapiAck(ids[1]) + bgapiAck(ids[2]));
    QCOMPARE(link.session.pendingJobs(), 3);

    // S: results in the order 3, 1, 2: each goes to its own job and only to it
    PLAY(link, backgroundJob(ids[2], "job 2\n"));
    QVERIFY(jobs[2].isFinished());
    QVERIFY(!jobs[0].isFinished());
    QVERIFY(!jobs[1].isFinished());
    PLAY(link, realWith(Real::BackgroundJobEcho, Real::JobEcho, ids[0]));
    QVERIFY(jobs[0].isFinished());
    QVERIFY(!jobs[1].isFinished());
    PLAY(link, backgroundJob(ids[1], "job 1\n"));
    QVERIFY(jobs[1].isFinished());

    QCOMPARE(jobs[0].result().body(), "100% literal %s %d done");
    QCOMPARE(jobs[1].result().body(), "job 1\n");
    QCOMPARE(jobs[2].result().body(), "job 2\n");
    for (int i = 0; i < 3; ++i) {
        QVERIFY(jobs[i].result().ok());
        QCOMPARE(jobs[i].result().jobUuid(), QString::fromLatin1(ids[i]));
    }
    QCOMPARE(link.session.pendingJobs(), 0);
}

void TestSessionBgapi::bgapiResolvesWhenTheBackgroundJobOvertakesItsAck()
{
    Link link;
    OPEN(link);
    const QFuture<JobResult> job = link.session.bgapi(u"status"_s);
    const QByteArray id = headerOf(link.command(), "Job-UUID");
    const QFuture<Reply> after = link.session.api(u"version"_s);
    EXPECT(link, "api version\n\n");

    // S: the BACKGROUND_JOB first: the job waits for its ack
    PLAY(link, backgroundJob(id, "UP 0 years, 0 days\n"));
    QVERIFY(!job.isFinished());
    QCOMPARE(link.session.pendingJobs(), 1);

    PLAY(link, realWith(Real::BgapiAck, Real::JobOriginate, id));
    QVERIFY(job.isFinished());
    QVERIFY(job.result().ok());
    QVERIFY(job.result().ack().ok());
    QCOMPARE(job.result().body(), "UP 0 years, 0 days\n");

    // The ack took the bgapi's FIFO slot, not the next command's.
    QVERIFY(!after.isFinished());
    PLAY(link, ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QCOMPARE(after.result().body(), "FreeSWITCH Version 1.10.12\n");
}

// ---------------------------------------------------------------------------------------------
// Rainy days

void TestSessionBgapi::bgapiFailsTheJobWhenTheAckIsErr()
{
    Link link;
    OPEN(link);
    const QFuture<JobResult> job = link.session.bgapi(u"originate loopback/9197 &park()"_s);
    const QByteArray id = headerOf(link.command(), "Job-UUID");
    PLAY(link, real(Real::CommandNotFound)); // what an outbound socket without `full` answers
    QVERIFY(job.isFinished());
    QVERIFY(!job.result().ok());
    QCOMPARE(job.result().errorText(), u"-ERR command not found"_s);
    QCOMPARE(job.result().jobUuid(), QString::fromLatin1(id));
    QCOMPARE(link.session.pendingJobs(), 0);

    // a BACKGROUND_JOB with that id later is just an event
    PLAY(link, backgroundJob(id, "+OK\n"));
    QCOMPARE(link.events.size(), 1);
    QCOMPARE(job.resultCount(), 1);
}

void TestSessionBgapi::bgapiResultWithErrIsDataNotAnError()
{
    Link link;
    OPEN(link);
    const QFuture<JobResult> job = link.session.bgapi(u"originate loopback/nobody &park()"_s);
    const QByteArray id = headerOf(link.command(), "Job-UUID");
    PLAY(link, bgapiAck(id) + backgroundJob(id, "-ERR NO_ANSWER\n"));
    QVERIFY(job.isFinished());
    QVERIFY(!job.result().ok());
    QCOMPARE(job.result().errorText(), u"-ERR NO_ANSWER"_s);
    QCOMPARE(codeName(job.result().error()), u"no error"_s); // the switch answered
    QVERIFY(job.result().ack().ok());
}

QTEST_GUILESS_MAIN(TestSessionBgapi)
#include "tst_session_bgapi.moc"
