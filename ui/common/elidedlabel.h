#pragma once
// A one-line label that shows as much of its text as fits, with an ellipsis, and the whole of it
// as a tooltip: for strips of a fixed height (the notice bar), where wrapping would make them grow
// and push what is below them down.

#include <QLabel>

namespace Ui {

class ElidedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    [[nodiscard]] QString fullText() const { return m_text; }
    [[nodiscard]] QSize minimumSizeHint() const override;
    [[nodiscard]] QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void elide();

    QString m_text;
};

} // namespace Ui
