#include "ui/calls/qualitypresentation.h"

#include <QCoreApplication>

#include <cmath>

namespace Ui::QualityPresentation {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Ui::QualityPresentation", text);
}

} // namespace

QString mosText(const Monitor::LegQuality &q)
{
    const double mos = q.displayMos();
    if (mos < 0)
        return QStringLiteral("—");
    // Cut to one decimal, not rounded: a 3.58 (poor, below 3.6) must not read "3.6", the fair
    // threshold, nor a 3.96 (fair) "4.0".
    const QString number = QString::number(std::floor(mos * 10 + 1e-9) / 10, 'f', 1);
    // A mark as well as the colour: red alone is lost on a colour-blind operator or a greyscale
    // wall display.
    return q.grade() == Grade::Poor ? QStringLiteral("▼ ") + number : number;
}

QString gradeName(Grade grade)
{
    switch (grade) {
    case Grade::Good:
        return tr("good");
    case Grade::Fair:
        return tr("fair");
    case Grade::Poor:
        return tr("poor");
    case Grade::Unknown:
        break;
    }
    return tr("unknown");
}

QColor gradeForeground(Grade grade, const QPalette &palette)
{
    // A good call needs no colour: the palette's text is readable by construction. Amber and red
    // are picked per background (contrast above 4.5:1 on white and on a #2b2b2b base).
    const bool dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    switch (grade) {
    case Grade::Fair:
        return dark ? QColor(0xff, 0xc1, 0x4d) : QColor(0x8a, 0x5a, 0x00);
    case Grade::Poor:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
    case Grade::Good:
    case Grade::Unknown:
        break;
    }
    return {};
}

QString toolTip(const Monitor::LegQuality &q)
{
    if (!q.known())
        return {};
    QString head;
    if (const double mos = q.displayMos(); mos >= 0)
        head = tr("MOS %1 (%2)").arg(QString::number(mos, 'f', 2), gradeName(q.grade()));
    if (const QString worst = q.worstFigure(); !worst.isEmpty())
        head += (head.isEmpty() ? QString() : QStringLiteral(" · ")) + tr("worst: %1").arg(worst);
    const QString all = q.tooltip();
    if (head.isEmpty())
        return all;
    return all.isEmpty() ? head : head + u'\n' + all;
}

QVariant sortValue(const Monitor::LegQuality &q)
{
    const double mos = q.displayMos();
    return mos < 0 ? QVariant() : QVariant(mos);
}

const Monitor::Channel *worstLeg(const QList<const Monitor::Channel *> &legs)
{
    const Monitor::Channel *worst = nullptr;
    for (const Monitor::Channel *leg : legs) {
        if (!leg || leg->quality.displayMos() < 0)
            continue;
        if (!worst || leg->quality.displayMos() < worst->quality.displayMos())
            worst = leg;
    }
    return worst;
}

} // namespace Ui::QualityPresentation
