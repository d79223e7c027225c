#pragma once
// File → Open journal session: the sessions of the journal file (each start of switchboard is
// one), newest first — when it started, its note, how many records, from which servers and over
// what time — to pick one to open.

#include "monitor/journal.h"

#include <QDialog>

class QTreeWidget;

namespace Ui {

class JournalSessionsDialog : public QDialog
{
    Q_OBJECT

public:
    JournalSessionsDialog(const QString &path, const QList<Monitor::Journal::SessionInfo> &sessions,
                          QWidget *parent = nullptr);

    // The session chosen (its id); 0 when none is.
    [[nodiscard]] qint64 session() const;
    [[nodiscard]] QTreeWidget *list() const { return m_list; }

private:
    QTreeWidget *m_list;
};

} // namespace Ui
