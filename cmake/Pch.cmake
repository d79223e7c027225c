# Precompiled Qt headers. Parsing Qt's headers is most of what compiling one of our files costs:
# a test took 6.6 s at -O0 -g1, 3.4 s with the Qt headers it includes precompiled. The build
# compiles ~630 files twice in CI (the suite and the sanitizer suite), on two cores.
#
# One header set is compiled per kind of target and reused by the others of that kind
# (REUSE_FROM). GCC takes a precompiled header only where every macro defined when it was
# compiled is defined the same way (more may be defined, unless the headers read them: QtTest's
# read QT_GUI_LIB, QT_WIDGETS_LIB, QT_NETWORK_LIB and QT_TESTCASE_BUILDDIR). A target whose
# macros differ still compiles, from the headers' text (-Winvalid-pch then says why), only more
# slowly.
option(SWITCHBOARD_PCH "Precompile the Qt headers most files include" ON)

set(SWITCHBOARD_PCH_CORE
    <QByteArray> <QByteArrayView> <QCoreApplication> <QDateTime> <QDebug> <QDir> <QElapsedTimer>
    <QFile> <QFileInfo> <QFuture> <QHash> <QJsonArray> <QJsonDocument> <QJsonObject> <QList>
    <QLoggingCategory> <QMap> <QObject> <QPointer> <QRegularExpression> <QSet> <QSettings>
    <QString> <QStringList> <QTimer> <QUuid> <QVariant>)
set(SWITCHBOARD_PCH_WIDGETS
    <QAbstractItemModel> <QAction> <QApplication> <QCheckBox> <QColor> <QComboBox> <QDialog>
    <QDialogButtonBox> <QFormLayout> <QHBoxLayout> <QHeaderView> <QLabel> <QLineEdit> <QMenu>
    <QMessageBox> <QPainter> <QPushButton> <QStyle> <QTableView> <QToolBar> <QToolButton>
    <QTreeView> <QVBoxLayout> <QWidget>)
set(SWITCHBOARD_PCH_TEST
    <QProcess> <QSignalSpy> <QStandardPaths> <QTemporaryDir> <QTest>)

# CMake defines <target>_EXPORTS when it compiles a shared library; nothing of ours reads it, and
# GCC would refuse a set compiled with another library's.
function(switchboard_pch_same_macros target)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "SHARED_LIBRARY")
        set_target_properties(${target} PROPERTIES DEFINE_SYMBOL "")
    endif()
endfunction()

# switchboard_pch(target core|widgets|test|test_widgets): the target compiles the set.
function(switchboard_pch target kind)
    if(NOT SWITCHBOARD_PCH)
        return()
    endif()
    switchboard_pch_same_macros(${target})
    set(headers ${SWITCHBOARD_PCH_CORE})
    if(kind MATCHES "widgets")
        list(APPEND headers ${SWITCHBOARD_PCH_WIDGETS})
    endif()
    if(kind MATCHES "test")
        list(APPEND headers ${SWITCHBOARD_PCH_TEST})
    endif()
    target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

# switchboard_reuse_pch(target donor): the target uses what `donor` compiled.
function(switchboard_reuse_pch target donor)
    if(SWITCHBOARD_PCH)
        switchboard_pch_same_macros(${target})
        target_precompile_headers(${target} REUSE_FROM ${donor})
    endif()
endfunction()
