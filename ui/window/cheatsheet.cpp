#include "ui/window/cheatsheet.h"

#include "ui/console/apiconsole.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSet>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Ui {

namespace {

QString plainText(QString text)
{
    // "&Preferences…" as read aloud; "&&" is a literal ampersand.
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(u'&');
    text.replace(u'\x01', u'&');
    return text;
}

// Where an action's key works: the menu that holds it, and whether only in one view.
QString whereOf(const QAction *action)
{
    QStringList menus;
    bool inView = false;
    for (QObject *object : action->associatedObjects()) {
        if (const auto *menu = qobject_cast<const QMenu *>(object)) {
            if (!menu->title().isEmpty())
                menus.append(plainText(menu->title()));
        } else if (object->objectName() == u"callsView") {
            inView = true;
        }
    }
    menus.removeDuplicates();
    QString where = menus.join(QStringLiteral(", "));
    if (action->shortcutContext() != Qt::WindowShortcut &&
        action->shortcutContext() != Qt::ApplicationShortcut)
        where = inView ? CheatSheet::tr("%1 (in the calls view)").arg(where)
                       : CheatSheet::tr("%1 (where it applies)").arg(where);
    return where.trimmed();
}

QTreeWidgetItem *addRow(QTreeWidgetItem *group, const QString &keys, const QString &what,
                        const QString &where)
{
    auto *row = new QTreeWidgetItem(group, {keys, what, where});
    row->setToolTip(1, what);
    row->setToolTip(2, where);
    return row;
}

} // namespace

QList<CheatSheet::FilterRow> CheatSheet::filterLanguage()
{
    return {
        {tr("Header == value"), tr("exactly equal, byte for byte"),
         QStringLiteral("Event-Name == CHANNEL_HANGUP")},
        {tr("Header != value"), tr("not equal (false when the header is missing)"),
         QStringLiteral("Hangup-Cause != NORMAL_CLEARING")},
        {tr("Header contains value"), tr("contains it, ignoring case"),
         QStringLiteral("variable_sip_user_agent contains Yealink")},
        {tr("Header ~ regex, Header matches regex"),
         tr("regular expression, ignoring case; (?-i) for case-sensitive"),
         QStringLiteral("Caller-Caller-ID-Number ~ \"^\\+45\"")},
        {tr("Header < <= > >= number"), tr("compares numbers (integers exactly)"),
         QStringLiteral("Log-Level <= 3")},
        {tr("Header in {a b c}"), tr("equal to one of the values (commas optional)"),
         QStringLiteral("Channel-Call-State in {ACTIVE HELD}")},
        {tr("exists Header"), tr("the header is there, even empty"),
         QStringLiteral("exists Other-Leg-Unique-ID")},
        {tr("a && b, a and b"), tr("both"),
         QStringLiteral("Event-Name == CHANNEL_ANSWER && Call-Direction == inbound")},
        {tr("a || b, a or b"), tr("either"),
         QStringLiteral("Log-Level <= 3 or Log-File == switch_ivr.c")},
        {tr("!a, not a"), tr("not"), QStringLiteral("!(Channel-Call-State in {ACTIVE HELD})")},
        {tr("( … )"), tr("grouping"),
         QStringLiteral("(Event-Name == CHANNEL_HANGUP || Event-Name == CHANNEL_DESTROY) && "
                        "Hangup-Cause != NORMAL_CLEARING")},
        {tr("word"), tr("full-text search in every header and the body, ignoring case"),
         QStringLiteral("Søren")},
        {tr("\"quoted value\""), tr("a value with spaces or operators; \\\" and \\\\ inside"),
         QStringLiteral("Caller-Caller-ID-Name == \"Søren Ærø\"")},
        {tr("header names"), tr("ignore case; any header of an event or a log line"),
         QStringLiteral("event-name == CHANNEL_CREATE")},
    };
}

CheatSheet::CheatSheet(QWidget *window)
    : QDialog(window), m_filter(new QLineEdit(this)), m_list(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("cheatSheet"));
    setWindowTitle(tr("Keys and filter language"));
    m_filter->setObjectName(QStringLiteral("cheatSheetFilter"));
    m_filter->setPlaceholderText(tr("Find a key, an action or an operator…"));
    m_filter->setClearButtonEnabled(true);
    m_list->setObjectName(QStringLiteral("cheatSheetList"));
    m_list->setHeaderLabels({tr("Keys or syntax"), tr("Does"), tr("Where, or an example")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *keys = new QTreeWidgetItem(m_list, {tr("Keys")});
    addKeys(window, keys);
    auto *console = new QTreeWidgetItem(m_list, {tr("API console (its command line)")});
    const QStringList commands = ApiConsole::functionKeyCommands();
    for (int i = 0; i < commands.size(); ++i)
        addRow(console, QStringLiteral("F%1").arg(i + 1), tr("sends “%1”").arg(commands.at(i)),
               tr("API console"));
    addRow(console, tr("Up, Down"), tr("the previous and next line in the history"),
           tr("API console"));
    addRow(console, tr("Tab"), tr("completes a command name"), tr("API console"));
    auto *filter = new QTreeWidgetItem(m_list, {tr("Filter language (event log filter, Ctrl+E)")});
    for (const FilterRow &row : filterLanguage())
        addRow(filter, row.syntax, row.meaning, row.example);
    for (QTreeWidgetItem *group : {keys, console, filter}) {
        QFont bold = group->font(0);
        bold.setBold(true);
        group->setFont(0, bold);
        group->setFirstColumnSpanned(true);
        group->setFlags(Qt::ItemIsEnabled);
    }
    m_list->expandAll();
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_list->setTextElideMode(Qt::ElideMiddle);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_filter, &QLineEdit::textChanged, this, &CheatSheet::applyFilter);
    auto *column = new QVBoxLayout(this);
    column->addWidget(m_filter);
    column->addWidget(m_list, 1);
    column->addWidget(buttons);
    const int em = fontMetrics().horizontalAdvance(u'M');
    resize(em * 80, em * 45);
    m_filter->setFocus();
}

void CheatSheet::addKeys(QWidget *window, QTreeWidgetItem *group)
{
    QSet<QString> seen;
    for (QAction *action : window->findChildren<QAction *>()) {
        if (action->shortcuts().isEmpty() || action->text().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence &k : action->shortcuts())
            keys.append(k.toString(QKeySequence::NativeText));
        const QString text = plainText(action->text());
        // An action may be listed twice (a toolbar's copy): once is enough.
        if (seen.contains(text + keys.join(u' ')))
            continue;
        seen.insert(text + keys.join(u' '));
        addRow(group, keys.join(tr(" or ")), text, whereOf(action));
    }
    group->sortChildren(1, Qt::AscendingOrder);
}

void CheatSheet::applyFilter(const QString &text)
{
    const QString needle = text.trimmed();
    for (int g = 0; g < m_list->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = m_list->topLevelItem(g);
        int shown = 0;
        for (int r = 0; r < group->childCount(); ++r) {
            QTreeWidgetItem *row = group->child(r);
            bool match = needle.isEmpty();
            for (int c = 0; !match && c < m_list->columnCount(); ++c)
                match = row->text(c).contains(needle, Qt::CaseInsensitive);
            row->setHidden(!match);
            shown += match ? 1 : 0;
        }
        group->setHidden(shown == 0);
    }
}

} // namespace Ui
