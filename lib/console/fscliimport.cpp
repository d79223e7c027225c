#include "console/fscliimport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace Console {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Ui::FsCliImport", text);
}

// esl_true(): yes/on/true/enabled/active/allow, or a non-zero number.
bool eslTrue(const QString &value)
{
    static const QStringList words = {QStringLiteral("yes"),    QStringLiteral("on"),
                                      QStringLiteral("true"),   QStringLiteral("enabled"),
                                      QStringLiteral("active"), QStringLiteral("allow")};
    return words.contains(value, Qt::CaseInsensitive) || value.toInt() != 0;
}

// fs_cli's colour names (bold-red, cyan, …) as the terminal would show them.
QColor terminalColour(QString name)
{
    name = name.toLower();
    const bool bold = name.startsWith(QLatin1String("bold-"));
    if (bold)
        name.remove(0, 5);
    static const QHash<QString, QColor> colours = {
        {QStringLiteral("black"), QColor(0x5e, 0x5c, 0x64)},
        {QStringLiteral("red"), QColor(0xc0, 0x1c, 0x28)},
        {QStringLiteral("green"), QColor(0x26, 0xa2, 0x69)},
        {QStringLiteral("yellow"), QColor(0xa2, 0x73, 0x4c)},
        {QStringLiteral("blue"), QColor(0x12, 0x48, 0x8b)},
        {QStringLiteral("magenta"), QColor(0xa3, 0x47, 0xba)},
        {QStringLiteral("cyan"), QColor(0x2a, 0xa1, 0xb3)},
        {QStringLiteral("white"), QColor(0x9a, 0x99, 0x96)},
    };
    const QColor colour = colours.value(name);
    return bold && colour.isValid() ? colour.lighter(130) : colour;
}

bool isKnownButUnused(const QString &key)
{
    // fs_cli's terminal and client-side settings: nothing in a Switchboard profile matches.
    static const QSet<QString> keys = {QStringLiteral("debug"),
                                       QStringLiteral("batchmode"),
                                       QStringLiteral("log-uuid"),
                                       QStringLiteral("log-uuid-short"),
                                       QStringLiteral("log-uuid-length"),
                                       QStringLiteral("no-history-file"),
                                       QStringLiteral("prompt-string"),
                                       QStringLiteral("input-text-color"),
                                       QStringLiteral("output-text-color"),
                                       QStringLiteral("timeout"),
                                       QStringLiteral("connect-timeout")};
    return keys.contains(key) || key.startsWith(QLatin1String("key_f")) ||
           key.startsWith(QLatin1String("key_toggle_f"));
}

struct Section
{
    Profile profile;
    bool quiet = false;
    QColor promptColour;
};

class Parser
{
public:
    FsCliImport result;

    // False at __END__, where fs_cli stops reading.
    bool line(int number, QByteArrayView raw);
    void finish();

private:
    void problem(int line, const QString &message) { result.problems.append({line, message}); }
    void pair(int number, const QString &key, const QString &value);
    void apply(int number, Section &section, const QString &key, const QString &value);

    QList<Section> m_sections;
    QSet<QString> m_names;
    QString m_category; // the last [header]
    int m_categoryLine = 0;
    bool m_hasCategory = false;
    bool m_categoryUsed = false; // a key followed the last header
    QString m_lastKeyed;         // the category of the last key (fs_cli's cur_cat)
    bool m_skipping = false;     // keys of a skipped section
};

bool Parser::line(int number, QByteArrayView raw)
{
    if (raw.startsWith('[') && raw.contains(']')) {
        if (m_hasCategory && !m_categoryUsed && !m_skipping)
            problem(m_categoryLine, tr("[%1] has no settings, so fs_cli has no such profile; "
                                       "not imported.")
                                        .arg(m_category));
        const QString name = QString::fromUtf8(raw.sliced(1, raw.indexOf(']') - 1));
        if (name.startsWith(u'+')) {
            problem(number, tr("fs_cli does not use [+section] lines; ignored."));
            return true;
        }
        m_category = name;
        m_categoryLine = number;
        m_hasCategory = true;
        m_categoryUsed = false;
        m_skipping = false;
        if (name.isEmpty() || containsControlCharacters(name)) {
            problem(number, tr("A profile needs a name between the brackets; its settings are "
                               "skipped."));
            m_skipping = true;
        }
        return true;
    }
    if (raw.isEmpty() || raw.front() == '#' || raw.front() == ';' || raw.front() == '\r')
        return true;
    if (raw.startsWith("__END__"))
        return false;
    // esl_config: a ";;" at the line's first ';' starts a comment.
    if (const qsizetype semi = raw.indexOf(';'); semi >= 0 && raw.sliced(semi).startsWith(";;"))
        raw.truncate(semi);
    else if (raw.endsWith('\r'))
        raw.chop(1);
    const QString text = QString::fromUtf8(raw);
    const QString trimmed = text.trimmed();
    const qsizetype eq = text.indexOf(u'=');
    // Blank, or an indented comment: fs_cli skips these too (as lines without '=').
    if (trimmed.isEmpty() || (eq < 0 && (trimmed.front() == u'#' || trimmed.front() == u';')))
        return true;
    if (eq < 0) {
        problem(number, tr("Expected “name = value” or “[profile]”; fs_cli ignores this line."));
        return true;
    }
    QString value = text.mid(eq + 1);
    if (value.startsWith(u'>'))
        value.remove(0, 1);
    pair(number, text.left(eq).trimmed().toLower(), value.trimmed());
    return true;
}

void Parser::pair(int number, const QString &key, const QString &value)
{
    if (key.isEmpty()) {
        problem(number, tr("A setting without a name; ignored."));
        return;
    }
    if (!m_hasCategory) {
        problem(number, tr("“%1” comes before any [profile]; ignored.").arg(key));
        return;
    }
    if (m_skipping)
        return;
    m_categoryUsed = true;
    // Like fs_cli, a header that repeats the category of the last key continues that profile.
    if (m_sections.isEmpty() || m_category != m_lastKeyed) {
        m_lastKeyed = m_category;
        if (m_names.contains(m_category)) {
            problem(m_categoryLine, tr("[%1] appears again; fs_cli uses the first one, so this "
                                       "one is not imported.")
                                        .arg(m_category));
            m_skipping = true;
            return;
        }
        m_names.insert(m_category);
        Section section;
        section.profile.id = Profile::newId();
        section.profile.name = m_category;
        section.profile.password = QStringLiteral("ClueCon");
        section.profile.logLevel = 7; // fs_cli's bare `log`: the switch's default, debug
        section.profile.autoConnect = false;
        m_sections.append(section);
    }
    apply(number, m_sections.last(), key, value);
}

void Parser::apply(int number, Section &section, const QString &key, const QString &value)
{
    Profile &p = section.profile;
    if (containsControlCharacters(value)) {
        problem(number, tr("“%1” contains a control character; ignored.").arg(key));
    } else if (key == u"host") {
        if (value.isEmpty())
            problem(number, tr("Empty host; keeping %1.").arg(p.host));
        else
            p.host = value;
    } else if (key == u"port") {
        bool ok = false;
        const int port = value.toInt(&ok);
        if (ok && port > 0 && port < 65536)
            p.port = port;
        else
            problem(number, tr("Port “%1” is not a number from 1 to 65535; keeping %2.")
                                .arg(value)
                                .arg(p.port));
    } else if (key == u"password") {
        p.password = value;
    } else if (key == u"user") {
        p.user = value;
    } else if (key == u"loglevel") {
        if (const std::optional<int> level = fsCliLogLevel(value))
            p.logLevel = *level;
        else
            problem(number, tr("Log level “%1” is not one the switch knows; keeping %2.")
                                .arg(value, logLevelName(p.logLevel)));
    } else if (key == u"quiet") {
        section.quiet = eslTrue(value);
    } else if (key == u"prompt-color") {
        section.promptColour = terminalColour(value);
    } else if (!isKnownButUnused(key)) {
        problem(number, tr("Unknown setting “%1”; ignored.").arg(key));
    }
}

void Parser::finish()
{
    if (m_hasCategory && !m_categoryUsed && !m_skipping)
        problem(m_categoryLine,
                tr("[%1] has no settings, so fs_cli has no such profile; not imported.")
                    .arg(m_category));
    m_hasCategory = false;
    qsizetype autoConnect = 0;
    for (qsizetype i = 0; i < m_sections.size(); ++i) {
        Section &s = m_sections[i];
        if (s.quiet)
            s.profile.logLevel = -1;
        s.profile.colour = s.promptColour.isValid() ? s.promptColour : profileColour(int(i));
        if (s.profile.name == u"default")
            autoConnect = i;
        result.profiles.append(s.profile);
    }
    if (!result.profiles.isEmpty())
        result.profiles[autoConnect].autoConnect = true;
    m_sections.clear();
}

} // namespace

std::optional<int> fsCliLogLevel(const QString &value)
{
    bool isNumber = false;
    const int number = value.toInt(&isNumber);
    if (isNumber)
        return std::clamp(number, 0, 7); // switch_log_str2level clamps; above 7 is all debug
    static const QStringList names = {
        QStringLiteral("disable"), QStringLiteral("console"), QStringLiteral("alert"),
        QStringLiteral("crit"),    QStringLiteral("err"),     QStringLiteral("warning"),
        QStringLiteral("notice"),  QStringLiteral("info"),    QStringLiteral("debug")};
    const qsizetype index = names.indexOf(value.toLower());
    if (index < 0)
        return std::nullopt;
    return int(index) - 1;
}

FsCliImport parseFsCliConfig(QByteArrayView text)
{
    Parser parser;
    int number = 0;
    for (qsizetype start = 0; start < text.size();) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        if (!parser.line(++number, text.sliced(start, end - start)))
            break;
        start = end + 1;
    }
    parser.finish();
    return parser.result;
}

FsCliImport readFsCliConfig(const QString &path)
{
    FsCliImport result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = file.errorString();
    } else if (file.size() > 1024 * 1024) {
        result.error = tr("The file is larger than 1 MiB; it is not an fs_cli configuration.");
    } else {
        result = parseFsCliConfig(file.readAll());
    }
    result.path = path;
    return result;
}

QStringList fsCliConfigCandidates()
{
    QStringList paths;
    const QString home = qEnvironmentVariable("HOME");
    if (!home.isEmpty())
        paths.append(QDir(home).filePath(QStringLiteral(".fs_cli_conf")));
    paths.append(QStringLiteral("/etc/fs_cli.conf"));
    return paths;
}

QString fsCliConfigPath()
{
    for (const QString &path : fsCliConfigCandidates()) {
        if (QFileInfo(path).isFile())
            return path;
    }
    return {};
}

} // namespace Console
