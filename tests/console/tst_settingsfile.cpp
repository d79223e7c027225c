// The settings file is the operator's alone: 0600 after every write, from every place that
// writes it, under the usual umask (022, which gives new files 0644); and a looser file found
// at start is tightened with a warning naming it and its old mode, before it is read.

#include "console/appsettings.h"
#include "console/profile.h"
#include "console/profilekeychain.h"
#include "console/profiles.h"

#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Console;
using namespace Qt::Literals::StringLiterals;
using Storage = Console::ProfileStore::PasswordStorage;

namespace {

// The file's permission bits as ls shows them, -1 when it is not there.
int modeOf(const QString &path)
{
    struct stat st
    {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

Console::Profile sample(const QString &password)
{
    Console::Profile p;
    p.id = Console::Profile::newId();
    p.name = u"pbx1"_s;
    p.host = u"192.0.2.10"_s;
    p.password = password;
    return p;
}

} // namespace

class TestSettingsFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_file;

    QByteArray fileText() const
    {
        QFile file(m_file);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    // A profile whose password the operator chose to keep in the file (no keychain works).
    Console::Profile storeOptedInPassword(Console::MemoryKeychain &keychain)
    {
        Console::ProfileStore store(m_file, &keychain);
        const Console::Profile p = sample(u"hunter2-xyzzy"_s);
        store.setProfiles({p});
        if (!QTest::qWaitFor([&] { return store.passwordStorage(p.id) == Storage::SessionOnly; }))
            return {};
        store.setStorePasswordsInSettings(true);
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ::umask(022); // as on most desktops: what QSettings creates would be 0644
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_s).toLocal8Bit());
        QCoreApplication::setOrganizationName(u"Switchboard"_s);
        QCoreApplication::setApplicationName(u"Switchboard"_s);
    }
    void init()
    {
        m_file = m_dir.filePath(u"%1.ini"_s.arg(QLatin1String(QTest::currentTestFunction())));
    }

    void keepsAnOptedInPasswordInAFileOnlyTheOperatorCanRead()
    {
        Console::MemoryKeychain keychain;
        keychain.setFailure(Console::KeychainResult::Status::NoBackend);
        QVERIFY(!storeOptedInPassword(keychain).id.isEmpty());
        QVERIFY(fileText().contains("hunter2-xyzzy"));
        QCOMPARE(modeOf(m_file), 0600);
    }

    void tightensALooserFileAtStartAndSaysSo_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("readable by all") << 0644;
        QTest::newRow("writable by the group") << 0660;
        QTest::newRow("open to everyone") << 0666;
    }
    void tightensALooserFileAtStartAndSaysSo()
    {
        QFETCH(int, mode);
        Console::MemoryKeychain keychain;
        keychain.setFailure(Console::KeychainResult::Status::NoBackend);
        const Console::Profile p = storeOptedInPassword(keychain);
        QVERIFY(!p.id.isEmpty());
        QVERIFY(::chmod(QFile::encodeName(m_file).constData(), mode_t(mode)) == 0);

        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(u"^the settings file %1 had mode 0%2 \\(open to other users\\); "
                               u"it is now 0600$"_s.arg(QRegularExpression::escape(m_file))
                                   .arg(mode, 0, 8)));
        Console::ProfileStore next(m_file, &keychain);
        next.load();
        QCOMPARE(modeOf(m_file), 0600);
        QCOMPARE(next.password(p.id), u"hunter2-xyzzy"_s);
    }

    void saysNothingOfAFileThatIsAlreadyPrivate()
    {
        Console::MemoryKeychain keychain;
        keychain.setFailure(Console::KeychainResult::Status::NoBackend);
        QVERIFY(!storeOptedInPassword(keychain).id.isEmpty());
        QTest::failOnWarning(QRegularExpression(u"."_s));
        Console::ProfileStore next(m_file, &keychain);
        next.load();
        QCOMPARE(modeOf(m_file), 0600);
    }

    // At start, before anything is written: a later write through a plain QSettings (its
    // destructor's sync) keeps the mode, as QSettings gives a replaced file the old one's.
    void createsTheFilePrivateBeforeTheFirstWrite()
    {
        const QString file = m_dir.filePath(u"fresh/Switchboard.conf"_s);
        QVERIFY(Console::secureSettingsFile(file));
        QCOMPARE(modeOf(file), 0600);
        {
            QSettings settings(file, QSettings::IniFormat);
            settings.setValue(u"profiles/1/password"_s, u"hunter2-xyzzy"_s);
        }
        QVERIFY(QFile(file).size() > 0);
        QCOMPARE(modeOf(file), 0600);
    }

    // The preferences, the recent destinations, the favourites, the console's history and the
    // window's layout all go through syncPrivately; the preferences stand for them here.
    void everyWriterLeavesTheSharedFilePrivate()
    {
        const QString file = QSettings().fileName();
        QVERIFY2(file.startsWith(m_dir.path()), qPrintable(file));
        QFile::remove(file);
        Console::AppSettings().save();
        QCOMPARE(modeOf(file), 0600);

        QVERIFY(::chmod(QFile::encodeName(file).constData(), 0644) == 0);
        Console::AppSettings::rememberDestination(u"1000"_s);
        QCOMPARE(modeOf(file), 0600);
        QCOMPARE(Console::AppSettings::recentDestinations(), QStringList{u"1000"_s});
    }
};

QTEST_MAIN(TestSettingsFile)
#include "tst_settingsfile.moc"
