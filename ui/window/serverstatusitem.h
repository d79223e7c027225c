#pragma once
// One server's item in the status bar: a tool button whose text() is the whole sentence
// ("east · live · 12 channels · 3 calls/min · 40 events/s") but which, when the bar is too narrow
// for it, shows a shorter one. It sheds its least important parts from the end first (events/s,
// then calls/min, then "— Reconnect now"), and only then elides the server's name; the state and
// the channel count always stay, since they are why an operator looks at the bar. While shortened,
// the whole sentence heads its tooltip, and it is always the accessible name.

#include <QStringList>
#include <QToolButton>

namespace Ui {

// An item's sentence in the parts that shed differently.
struct ServerItemText
{
    QString name;       // elided last, and only when nothing else is left to shed
    QString kept;       // after the name, always shown: " (watch-only) · live · 12 channels"
    QStringList extras; // after that, shed from the last one back: " · 3 calls/min", …

    [[nodiscard]] QString whole() const { return name + kept + extras.join(QString()); }
};

class ServerStatusItem : public QToolButton
{
    Q_OBJECT

public:
    explicit ServerStatusItem(QWidget *parent = nullptr);

    // `details`: the tooltip's lines beyond the sentence (the link, problems, warnings, what a
    // click does). Set after the icon: the icon's room decides what fits.
    void setSentence(const ServerItemText &sentence, const QString &details);
    // What is painted at the item's present width: the longest form that fits.
    [[nodiscard]] QString shownText() const;
    // Whether `form` fits at the item's present width (icon, padding and border included).
    [[nodiscard]] bool fits(const QString &form) const;

    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // What the style adds around the text: the button's size hint less its text's width.
    [[nodiscard]] int overhead() const;
    [[nodiscard]] int textWidth(const QString &form) const;
    void updateTip();

    ServerItemText m_sentence;
    QString m_details;
};

} // namespace Ui
