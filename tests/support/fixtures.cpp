#include "fixtures.h"

#include "esl/wire/parser.h"

#include <QFile>
#include <QTest>

namespace TestSupport {

QStringList smallScenarios()
{
    return {QStringLiteral("api-bodies"),      QStringLiteral("auth-fail"),
            QStringLiteral("conference-maintenance"), QStringLiteral("inbound-json"),
            QStringLiteral("inbound-plain"),   QStringLiteral("inbound-xml"),
            QStringLiteral("outbound")};
}

QStringList allScenarios()
{
    return smallScenarios() + QStringList{QStringLiteral("load"), QStringLiteral("load-json")};
}

QString fixturePath(const QString &scenario, const QString &extension)
{
    const bool load = scenario.startsWith(u"load");
    const QString dir = QString::fromUtf8(load ? SWITCHBOARD_LOAD_FIXTURES : SWITCHBOARD_FIXTURES);
    return dir + u'/' + scenario + extension;
}

QByteArray readFixture(const QString &scenario, const QString &extension)
{
    QFile file(fixturePath(scenario, extension));
    if (!file.open(QIODevice::ReadOnly)) {
        QTest::qFail(qPrintable(QStringLiteral("cannot read %1: %2")
                                    .arg(file.fileName(), file.errorString())),
                     __FILE__, __LINE__);
        return {};
    }
    return file.readAll();
}

QList<QByteArray> expectedLines(const QString &scenario)
{
    QList<QByteArray> lines = readFixture(scenario, QStringLiteral(".expected.jsonl")).split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QList<Esl::Message> parseAll(const QByteArray &bytes)
{
    Esl::wire::Parser parser;
    parser.feed(bytes);
    parser.finish();
    if (parser.hasError()) {
        QTest::qFail(qPrintable(parser.error().toString()), __FILE__, __LINE__);
        return {};
    }
    QList<Esl::Message> messages;
    while (parser.hasMessage())
        messages.append(parser.takeMessage());
    return messages;
}

QList<Esl::Event> fixtureEvents(const QString &scenario)
{
    QList<Esl::Event> events;
    for (const Esl::Message &m : parseAll(readFixture(scenario, QStringLiteral(".esl")))) {
        if (!m.isEvent())
            continue;
        if (auto e = Esl::Event::fromMessage(m))
            events.append(*e);
    }
    return events;
}

} // namespace TestSupport
