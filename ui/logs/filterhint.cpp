#include "ui/logs/filterhint.h"

#include "monitor/headernames.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace Ui {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("Ui::EventLogPanel", text, nullptr, n);
}

// At most this many distinct values of a header are compared with a mistyped one.
constexpr int kMaxValues = 2000;

// How far a typo may be from what was meant: two edits, more in a long word.
int allowedEdits(QStringView word)
{
    return std::max(2, int(word.size()) / 4);
}

bool anyRecordHas(const Monitor::EventStore &store, Monitor::NameId name)
{
    for (Monitor::Sequence s = store.firstSequence(); s < store.endSequence(); ++s) {
        const auto record = store.record(s);
        if (record && record->has(name))
            return true;
    }
    return false;
}

// The known header name nearest to `name` that a stored record has; empty when none is near.
QString nearestStoredName(const Monitor::EventStore &store, const QString &name)
{
    Monitor::HeaderNames &names = Monitor::HeaderNames::instance();
    QList<std::pair<int, Monitor::NameId>> near;
    const int limit = allowedEdits(name);
    for (int id = 0; id < names.size(); ++id) {
        const QString candidate = QString::fromUtf8(names.name(Monitor::NameId(id)));
        if (candidate.compare(name, Qt::CaseInsensitive) == 0)
            continue;
        const int edits = editDistance(name, candidate, limit);
        if (edits <= limit)
            near.append({edits, Monitor::NameId(id)});
    }
    std::stable_sort(near.begin(), near.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    // A name is known once anything spelled it (another typo, too): only a stored one counts.
    for (const auto &[edits, id] : std::as_const(near)) {
        if (anyRecordHas(store, id))
            return QString::fromUtf8(names.name(id));
    }
    return {};
}

} // namespace

int editDistance(QStringView a, QStringView b, int limit)
{
    if (std::abs(int(a.size()) - int(b.size())) > limit)
        return limit + 1;
    QList<int> previous(b.size() + 1);
    QList<int> current(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        int best = current[0];
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const bool same = a[i - 1].toCaseFolded() == b[j - 1].toCaseFolded();
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + !same});
            best = std::min(best, current[j]);
        }
        if (best > limit)
            return limit + 1;
        std::swap(previous, current);
    }
    return std::min(previous[b.size()], limit + 1);
}

QString emptyFilterHint(const Monitor::EventStore &store, const Monitor::Filter &filter)
{
    const qint64 stored = store.size();
    if (stored == 0 || filter.isEmpty())
        return {};
    Monitor::HeaderNames &names = Monitor::HeaderNames::instance();
    // A header no stored record has: the likeliest typo.
    for (const Monitor::NameId id : filter.headers()) {
        if (anyRecordHas(store, id))
            continue;
        const QString name = QString::fromUtf8(names.name(id));
        const QString meant = nearestStoredName(store, name);
        return meant.isEmpty() ? tr("no stored event has a header %1").arg(name)
                               : tr("no header %1 — did you mean %2?").arg(name, meant);
    }
    // One `Header == value` whose value no record has: the nearest one that some record has.
    static const QRegularExpression comparison(
        QStringLiteral(R"re(^(\S+) == (?:"((?:[^"\\]|\\.)*)"|(\S+))$)re"));
    const QRegularExpressionMatch m = comparison.match(filter.toString());
    if (m.hasMatch()) {
        const QString header = m.captured(1);
        QString value = m.captured(3);
        if (value.isEmpty()) {
            static const QRegularExpression escaped(QStringLiteral(R"re(\\(.))re"));
            value = m.captured(2).replace(escaped, QStringLiteral("\\1"));
        }
        const Monitor::NameId id = names.find(header.toUtf8());
        QSet<QByteArray> values;
        for (Monitor::Sequence s = store.firstSequence();
             s < store.endSequence() && values.size() < kMaxValues; ++s) {
            const auto record = store.record(s);
            const QByteArrayView v = record ? record->value(id) : QByteArrayView();
            if (!v.isNull())
                values.insert(v.toByteArray());
        }
        const int limit = allowedEdits(value);
        QString meant;
        int best = limit + 1;
        for (const QByteArray &v : std::as_const(values)) {
            const QString candidate = QString::fromUtf8(v);
            const int edits = editDistance(value, candidate, limit);
            if (edits < best || (edits == best && !meant.isEmpty() && candidate < meant)) {
                best = edits;
                meant = candidate;
            }
        }
        if (!meant.isEmpty() && best <= limit)
            return tr("no %1 is %2 — did you mean %3?").arg(header, value, meant);
        return tr("no %1 is %2 in the %n stored event(s)", int(stored)).arg(header, value);
    }
    return tr("matches none of the %n stored event(s)", int(stored));
}

} // namespace Ui
