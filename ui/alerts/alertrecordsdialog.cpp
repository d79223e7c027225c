#include "ui/alerts/alertrecordsdialog.h"

#include "ui/logs/recordtext.h"

#include "monitor/hub.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Ui {

QDialog *showAlertRecords(QWidget *parent, Monitor::Hub *hub, const Monitor::Alert &alert)
{
    auto *dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("alertRecordsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(QDialog::tr("Records of the alert: %1").arg(alert.message));
    auto *list = new QTreeWidget(dialog);
    list->setObjectName(QStringLiteral("alertRecordsList"));
    list->setRootIsDecorated(false);
    list->setHeaderLabels({QDialog::tr("Time"), QDialog::tr("Server"), QDialog::tr("Event"),
                           QDialog::tr("Channel"), QDialog::tr("Summary")});
    for (const Monitor::Sequence seq : alert.records) {
        auto *item = new QTreeWidgetItem(list);
        item->setData(0, Qt::UserRole, QVariant::fromValue(seq));
        const std::optional<Monitor::EventStore::Record> r = hub->store()->record(seq);
        if (!r) {
            item->setText(0, QDialog::tr("#%1").arg(seq));
            item->setText(4, QDialog::tr("no longer stored"));
            continue;
        }
        const QString channel = RecordText::channelOf(*r);
        item->setText(0, RecordText::timeOfDay(r->receivedMs()));
        item->setToolTip(0, RecordText::fullTime(r->receivedMs()));
        item->setText(1, hub->serverName(r->server()));
        item->setText(2, RecordText::eventNameOf(*r));
        item->setText(3, RecordText::shortUuid(channel));
        item->setToolTip(3, channel);
        item->setText(4, RecordText::summaryOf(*r));
    }
    for (int c = 0; c < 4; ++c)
        list->resizeColumnToContents(c);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto *layout = new QVBoxLayout(dialog);
    auto *note = new QLabel(QDialog::tr("%n record(s) triggered it (the newest %1 are kept).", nullptr,
                                        int(alert.records.size()))
                                .arg(Monitor::Alert::kMaxRecords),
                            dialog);
    layout->addWidget(note);
    layout->addWidget(list, 1);
    layout->addWidget(buttons);
    dialog->resize(720, 320);
    dialog->show();
    return dialog;
}

} // namespace Ui
