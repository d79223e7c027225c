// Esl::publicKeyPin: the same "sha256//…" as the openssl pipeline an operator runs on the switch
// (and curl's --pinnedpubkey), for EC and RSA keys; and a certificate's DER from a hostile peer
// read without overrunning it.

#include "esl/tlspin.h"
#include "support/tlscertificates.h"

#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestTlsPin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void equalsWhatOpensslComputes_data();
    void equalsWhatOpensslComputes();
    void isEmptyForWhatIsNoCertificate_data();
    void isEmptyForWhatIsNoCertificate();
    void isEmptyForEveryTruncationOfACertificate();

private:
    QTemporaryDir m_dir;
    TestSupport::TlsCertificates m_certs;
};

void TestTlsPin::initTestCase()
{
    if (const QString why = TestSupport::TlsCertificates::probe(); !why.isEmpty())
        QSKIP(qPrintable(why));
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_certs.make(m_dir.path()), qPrintable(m_certs.lastError()));
}

void TestTlsPin::equalsWhatOpensslComputes_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("EC server") << u"server.pem"_s;
    QTest::newRow("EC self-signed") << u"selfsigned.pem"_s;
    QTest::newRow("EC client") << u"client.pem"_s;
    QTest::newRow("EC CA") << u"ca.pem"_s;
    QTest::newRow("RSA") << u"rsa.pem"_s;
}

void TestTlsPin::equalsWhatOpensslComputes()
{
    QFETCH(QString, file);
    const auto certificates = QSslCertificate::fromPath(m_certs.path(file));
    QCOMPARE(certificates.size(), 1);
    const QString expected = m_certs.opensslPin(m_certs.path(file));
    QVERIFY2(expected.size() == 52, qPrintable(expected + m_certs.lastError()));
    QCOMPARE(Esl::publicKeyPin(certificates.first()), expected);
}

void TestTlsPin::isEmptyForWhatIsNoCertificate_data()
{
    QTest::addColumn<QByteArray>("der");
    QTest::newRow("nothing") << QByteArray();
    QTest::newRow("one byte") << QByteArray("\x30", 1);
    QTest::newRow("not a sequence") << QByteArray("\x02\x01\x00", 3);
    QTest::newRow("length past the end") << QByteArray("\x30\x84\xff\xff\xff\xff", 6);
    QTest::newRow("five length bytes") << QByteArray("\x30\x85\x00\x00\x00\x00\x02", 7);
    QTest::newRow("indefinite length") << QByteArray("\x30\x80\x00\x00", 4);
    QTest::newRow("multi-byte tag") << QByteArray("\x3f\x81\x01\x00", 4);
    QTest::newRow("empty certificate") << QByteArray("\x30\x00", 2);
    QTest::newRow("empty tbs") << QByteArray("\x30\x02\x30\x00", 4);
    QTest::newRow("tbs of integers") << QByteArray("\x30\x0e\x30\x0c\x02\x01\x01\x02\x01\x01\x02"
                                                   "\x01\x01\x02\x01\x01",
                                                   16);
}

void TestTlsPin::isEmptyForWhatIsNoCertificate()
{
    QFETCH(QByteArray, der);
    QVERIFY(Esl::subjectPublicKeyInfo(der).isEmpty());
    QVERIFY(Esl::publicKeyPin(QSslCertificate(der, QSsl::Der)).isEmpty());
}

void TestTlsPin::isEmptyForEveryTruncationOfACertificate()
{
    const QByteArray der =
        QSslCertificate::fromPath(m_certs.path(u"server.pem"_s)).value(0).toDer();
    QVERIFY(!der.isEmpty());
    QVERIFY(!Esl::subjectPublicKeyInfo(der).isEmpty());
    // The outer length then claims more than there is, whatever is cut.
    for (qsizetype size = 0; size < der.size(); ++size)
        QVERIFY2(Esl::subjectPublicKeyInfo(der.first(size)).isEmpty(),
                 qPrintable(QString::number(size)));
    QVERIFY(Esl::publicKeyPin(QSslCertificate()).isEmpty());
}

QTEST_MAIN(TestTlsPin)
#include "tst_tlspin.moc"
