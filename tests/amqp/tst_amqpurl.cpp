// ConnectionOptions::fromUrl and describe(): the RabbitMQ URI spec (amqp[s]://user:pass@host:
// port/vhost?query), and errors that say what is wrong with the URL an operator typed.
#include "amqp/client.h"

#include <QTest>

using namespace Amqp;

class TestAmqpUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheWholeUrl()
    {
        QString error;
        const ConnectionOptions o = ConnectionOptions::fromUrl(
            QStringLiteral("amqp://fs:s3cret@broker.example:5673/freeswitch?heartbeat=10&connection_timeout=2500"),
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(o.host, QStringLiteral("broker.example"));
        QCOMPARE(o.port, quint16(5673));
        QCOMPARE(o.user, QStringLiteral("fs"));
        QCOMPARE(o.password, QStringLiteral("s3cret"));
        QCOMPARE(o.vhost, QStringLiteral("freeswitch"));
        QCOMPARE(o.heartbeatSeconds, 10);
        QCOMPARE(o.connectTimeoutMs, 2500);
        QVERIFY(!o.tls);
    }

    void fillsTheDefaults_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("vhost");
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("tls");
        QTest::newRow("bare") << u"amqp://"_qs << u"127.0.0.1"_qs << 5672 << u"/"_qs << u"guest"_qs << false;
        QTest::newRow("host-only") << u"amqp://rabbit"_qs << u"rabbit"_qs << 5672 << u"/"_qs << u"guest"_qs << false;
        QTest::newRow("trailing-slash") << u"amqp://rabbit/"_qs << u"rabbit"_qs << 5672 << u"/"_qs << u"guest"_qs << false;
        QTest::newRow("encoded-slash-vhost") << u"amqp://rabbit/%2F"_qs << u"rabbit"_qs << 5672 << u"/"_qs << u"guest"_qs << false;
        QTest::newRow("amqps-port") << u"amqps://rabbit"_qs << u"rabbit"_qs << 5671 << u"/"_qs << u"guest"_qs << true;
        QTest::newRow("scheme-case") << u"AMQPS://rabbit:1234"_qs << u"rabbit"_qs << 1234 << u"/"_qs << u"guest"_qs << true;
        QTest::newRow("ipv6") << u"amqp://u@[::1]:5999/v"_qs << u"::1"_qs << 5999 << u"v"_qs << u"u"_qs << false;
        QTest::newRow("empty-port") << u"amqp://h:/v"_qs << u"h"_qs << 5672 << u"v"_qs << u"guest"_qs << false;
        QTest::newRow("percent-vhost") << u"amqp://h/a%2Fb%20c"_qs << u"h"_qs << 5672 << u"a/b c"_qs << u"guest"_qs << false;
        QTest::newRow("utf8-user") << u"amqp://J%C3%BCrgen@h"_qs << u"h"_qs << 5672 << u"/"_qs << u"J\u00fcrgen"_qs << false;
        QTest::newRow("spaces-around") << u"  amqp://h  "_qs << u"h"_qs << 5672 << u"/"_qs << u"guest"_qs << false;
    }

    void fillsTheDefaults()
    {
        QFETCH(QString, url);
        QString error;
        const ConnectionOptions o = ConnectionOptions::fromUrl(url, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTEST(o.host, "host");
        QTEST(int(o.port), "port");
        QTEST(o.vhost, "vhost");
        QTEST(o.user, "user");
        QTEST(o.tls, "tls");
    }

    void decodesUserAndPassword()
    {
        QString error;
        const ConnectionOptions o = ConnectionOptions::fromUrl(
            QStringLiteral("amqp://us%3Aer:p%40ss%3Aw%2Fd@h"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(o.user, QStringLiteral("us:er"));
        QCOMPARE(o.password, QStringLiteral("p@ss:w/d"));
        // An unencoded '@' in the password: the last '@' ends the user info.
        const ConnectionOptions lenient
            = ConnectionOptions::fromUrl(QStringLiteral("amqp://u:p@ss@h"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(lenient.password, QStringLiteral("p@ss"));
        QCOMPARE(lenient.host, QStringLiteral("h"));
    }

    void readsTheTlsParameters()
    {
        QString error;
        const ConnectionOptions o = ConnectionOptions::fromUrl(
            QStringLiteral("amqps://h/v?cacertfile=/etc/ca%20bundle.pem&certfile=/c.pem&keyfile=/k.pem"
                           "&verify=verify_none&server_name_indication=h"),
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(o.tls);
        QCOMPARE(o.caFile, QStringLiteral("/etc/ca bundle.pem"));
        QCOMPARE(o.certFile, QStringLiteral("/c.pem"));
        QCOMPARE(o.keyFile, QStringLiteral("/k.pem"));
        QVERIFY(!o.verifyPeer);
        QVERIFY(!o.verifyHostname);
        const ConnectionOptions strict
            = ConnectionOptions::fromUrl(QStringLiteral("amqps://h?verify=verify_peer"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(strict.verifyPeer);
        QVERIFY(strict.verifyHostname);
    }

    // pin= is eslcat's --pin: sha256// and the base64 of 32 bytes, '+', '/' and '=' as they are
    // or percent-encoded.
    void readsThePin_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("verify");
        QTest::newRow("as-it-is") << u"amqps://h/v?pin=sha256//+qKpvcyDdyj//eu8oK2jRKymfr5qpUg20pg3eCBZDeI="_qs << u""_qs;
        QTest::newRow("percent-encoded") << u"amqps://h/v?pin=sha256%2F%2F%2BqKpvcyDdyj%2F%2Feu8oK2jRKymfr5qpUg20pg3eCBZDeI%3D"_qs << u""_qs;
        QTest::newRow("with-a-ca") << u"amqps://h?cacertfile=/ca.pem&pin=sha256//+qKpvcyDdyj//eu8oK2jRKymfr5qpUg20pg3eCBZDeI="_qs << u""_qs;
        QTest::newRow("with-verify-none") << u"amqps://h?pin=sha256//+qKpvcyDdyj//eu8oK2jRKymfr5qpUg20pg3eCBZDeI=&verify=verify_none"_qs << u"verify_none"_qs;
    }

    void readsThePin()
    {
        QFETCH(QString, url);
        QFETCH(QString, verify);
        QString error;
        const ConnectionOptions o = ConnectionOptions::fromUrl(url, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(o.tls);
        QCOMPARE(o.pinnedKey, u"sha256//+qKpvcyDdyj//eu8oK2jRKymfr5qpUg20pg3eCBZDeI="_qs);
        QCOMPARE(o.verifyPeer, verify.isEmpty());
        // Without pin= there is none.
        QVERIFY(ConnectionOptions::fromUrl(u"amqps://h"_qs, &error).pinnedKey.isEmpty());
    }

    void saysWhatIsWrong_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << u""_qs << u"amqp URL: empty"_qs;
        QTest::newRow("scheme") << u"http://h"_qs << u"amqp URL: it must start with amqp:// or amqps://"_qs;
        QTest::newRow("no-scheme") << u"rabbit:5672"_qs << u"amqp URL: it must start with amqp:// or amqps://"_qs;
        QTest::newRow("port-range") << u"amqp://h:70000"_qs << u"amqp URL: port 70000 is out of range"_qs;
        QTest::newRow("port-zero") << u"amqp://h:0"_qs << u"amqp URL: port 0 is out of range"_qs;
        QTest::newRow("port-huge") << u"amqp://h:99999999999999999999999"_qs << u"amqp URL: port 99999999999999999999999 is out of range"_qs;
        QTest::newRow("port-text") << u"amqp://h:abc"_qs << u"amqp URL: port \"abc\" is not a number"_qs;
        QTest::newRow("port-negative") << u"amqp://h:-1"_qs << u"amqp URL: port \"-1\" is not a number"_qs;
        QTest::newRow("ipv6-unbracketed") << u"amqp://::1:5672"_qs << u"amqp URL: write an IPv6 address in brackets"_qs;
        QTest::newRow("ipv6-unclosed") << u"amqp://[::1:5672"_qs << u"amqp URL: the IPv6 address has no closing ']'"_qs;
        QTest::newRow("vhost-slash") << u"amqp://h/a/b"_qs << u"amqp URL: the vhost is one path segment"_qs;
        QTest::newRow("bad-percent") << u"amqp://h/a%2"_qs << u"amqp URL: bad percent-encoding in the vhost"_qs;
        QTest::newRow("bad-percent-user") << u"amqp://%zz@h"_qs << u"amqp URL: bad percent-encoding in the user"_qs;
        QTest::newRow("heartbeat-text") << u"amqp://h?heartbeat=ten"_qs << u"amqp URL: heartbeat \"ten\" is not a number"_qs;
        QTest::newRow("heartbeat-range") << u"amqp://h?heartbeat=70000"_qs << u"amqp URL: heartbeat 70000 is out of range"_qs;
        QTest::newRow("timeout-zero") << u"amqp://h?connection_timeout=0"_qs << u"amqp URL: connection_timeout 0 is out of range"_qs;
        QTest::newRow("verify") << u"amqps://h?verify=maybe"_qs << u"amqp URL: verify must be verify_peer or verify_none"_qs;
        QTest::newRow("tls-on-amqp") << u"amqp://h?cacertfile=/ca.pem"_qs << u"amqp URL: cacertfile= needs an amqps:// URL"_qs;
        QTest::newRow("cert-without-key") << u"amqps://h?certfile=/c.pem"_qs << u"amqp URL: certfile= and keyfile= go together"_qs;
        QTest::newRow("unknown-param") << u"amqp://h?heartbaet=5"_qs << u"amqp URL: unknown parameter \"heartbaet\""_qs;
        QTest::newRow("auth") << u"amqp://h?auth_mechanism=external"_qs << u"amqp URL: auth_mechanism \"external\" is not supported"_qs;
        QTest::newRow("fragment") << u"amqp://h/v#x"_qs << u"amqp URL: a '#' must be written %23"_qs;
        QTest::newRow("pin-on-amqp") << u"amqp://h?pin=sha256//+qKpvcyDdyj//eu8oK2jRKymfr5qpUg20pg3eCBZDeI="_qs << u"amqp URL: pin= needs an amqps:// URL"_qs;
        QTest::newRow("pin-empty") << u"amqps://h?pin="_qs << u"amqp URL: pin \"\" is not sha256// and the base64 of 32 bytes"_qs;
        QTest::newRow("pin-without-prefix") << u"amqps://h?pin=+qKpvcyDdyj//eu8oK2jRKymfr5qpUg20pg3eCBZDeI="_qs << u"amqp URL: pin \"+qKpvcyDdyj//eu8oK2jRKymfr5qpUg20pg3eCBZDeI=\" is not sha256//"_qs;
        QTest::newRow("pin-sha1") << u"amqps://h?pin=sha1//2jmj7l5rSw0yVb/vlWAYkK/YBwk="_qs << u"amqp URL: pin \"sha1//2jmj7l5rSw0yVb/vlWAYkK/YBwk=\" is not sha256//"_qs;
        QTest::newRow("pin-short") << u"amqps://h?pin=sha256//qKpvcyDdyj//eu8oK2jRKymfr5qpUg20pg3eCBZDeI="_qs << u"amqp URL: pin \"sha256//qKpvcyDdyj"_qs;
        QTest::newRow("pin-hex") << u"amqps://h?pin=sha256//fa a2 a9"_qs << u"amqp URL: pin \"sha256//fa a2 a9\" is not sha256//"_qs;
        QTest::newRow("pin-with-a-space") << u"amqps://h?pin=sha256// qKpvcyDdyj//eu8oK2jRKymfr5qpUg20pg3eCBZDeI="_qs << u"amqp URL: pin \"sha256// qKpvcyDdyj"_qs;
    }

    void saysWhatIsWrong()
    {
        QFETCH(QString, url);
        QFETCH(QString, error);
        QString actual;
        (void)ConnectionOptions::fromUrl(url, &actual);
        QVERIFY2(actual.startsWith(error), qPrintable(actual));
    }

    void describesWithoutThePasswordAndReadsBack_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("described");
        QTest::newRow("default-vhost") << u"amqp://u:pw@h"_qs << u"amqp://u@h:5672/"_qs;
        QTest::newRow("vhost") << u"amqp://u:pw@h:1/a%2Fb"_qs << u"amqp://u@h:1/a%2Fb"_qs;
        QTest::newRow("ipv6") << u"amqp://u@[::1]"_qs << u"amqp://u@[::1]:5672/"_qs;
        QTest::newRow("tls") << u"amqps://u:pw@h/v?cacertfile=/ca.pem&verify=verify_none&heartbeat=5"_qs
                             << u"amqps://u@h:5671/v?heartbeat=5&cacertfile=/ca.pem&verify=verify_none"_qs;
        QTest::newRow("tls-pin") << u"amqps://u:pw@h?pin=sha256%2F%2F%2BqKpvcyDdyj%2F%2Feu8oK2jRKymfr5qpUg20pg3eCBZDeI%3D"_qs
                                 << u"amqps://u@h:5671/?pin=sha256//+qKpvcyDdyj//eu8oK2jRKymfr5qpUg20pg3eCBZDeI="_qs;
    }

    void describesWithoutThePasswordAndReadsBack()
    {
        QFETCH(QString, url);
        QFETCH(QString, described);
        QString error;
        const ConnectionOptions o = ConnectionOptions::fromUrl(url, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(o.describe(), described);
        QVERIFY(!o.describe().contains(u"pw"));
        ConnectionOptions again = ConnectionOptions::fromUrl(o.describe(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        again.password = o.password;
        QCOMPARE(again, o);
    }
};

QTEST_GUILESS_MAIN(TestAmqpUrl)
#include "tst_amqpurl.moc"
