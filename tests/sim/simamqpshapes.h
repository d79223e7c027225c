#pragma once
// tst_simamqpshapes: the simulated switch's mod_amqp messages held against the real capture
// (tests/fixtures/real-amqp). Events here and in tst_simamqpshapes.cpp, log lines in
// tst_simamqpshapes_logs.cpp, commands in tst_simamqpshapes_commands.cpp.

#include "amqpcapture.h"

#include "sim/simswitch.h"

#include <QObject>

class TestSimAmqpShapes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    // Events.
    void rebuildsEveryCapturedEventByteForByte();
    void simulatedCallPublishesTheCapturesKeysAndProperties();
    void simulatedEventsCarryEveryHeaderTheCapturesEventsOfTheirKindCarry();
    void hangupEventsCarryTheCdrVariablesAsTheCaptureHasThem();
    void originateAndBridgeVariablesAreThoseOfTheCapture();
    void customSubclassesAreEscapedInTheKeyAsTheSwitchDoes();
    // Log lines.
    void rebuildsEveryCapturedLogLineByteForByte();
    void simulatedLogLinesHaveTheCapturesShape();
    void consoleLevelLinesAreNotInTheLoggingProfile();
    // Commands.
    void answersTheCapturedCommandsAsTheSwitchDid();
    void bgapiAnswersAJobUuidAndTheResultComesAsBackgroundJob();
    void bgapiFiresItsApiEventBeforeTheJobRuns();
    void aContentTypeOtherThanTextPlainIsIgnored();
    void aLongCommandRunsAsItsFirst10239Bytes();
    void repliesOnlyWhenBothReplyHeadersAreSet();
    void commandsSplitAtDoubleSemicolonsAndStopAtALineEnd();

private:
    QList<TestSupport::CapturedMessage> m_events;
    QList<TestSupport::CapturedMessage> m_logLines;
    // The simulated switch's events and log lines through one call, a bgapi and a log line.
    QList<Sim::FiredEventPtr> m_simEvents;
    QList<Sim::LogEntry> m_simLog;
};
