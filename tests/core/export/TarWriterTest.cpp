#include "export/TarWriter.h"
#include "support/ExportTools.h"

#include <QTemporaryDir>

using namespace veil::exports;

TEST_CASE("tar headers are ustar blocks with a valid checksum", "[export][tar]")
{
    auto header = TarWriter::header(QStringLiteral("messages.jsonl"), 1000, 1768467600);
    REQUIRE(header);
    const QByteArray& h = header.value();
    REQUIRE(h.size() == 512);
    CHECK(h.startsWith("messages.jsonl\0"));
    CHECK(h.mid(257, 6) == QByteArray("ustar\0", 6));
    CHECK(h.mid(263, 2) == "00");
    CHECK(h.mid(124, 12) == QByteArray("00000001750\0", 12));
    qint64 sum = 0;
    for (int i = 0; i < 512; ++i) {
        sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
    }
    CHECK(h.mid(148, 6).toLongLong(nullptr, 8) == sum);
    CHECK(TarWriter::padding(1000).size() == 24);
    CHECK(TarWriter::padding(1024).isEmpty());
    CHECK(TarWriter::entrySize(0) == 512);
    CHECK(TarWriter::entrySize(1) == 1024);
    CHECK(TarWriter::trailer() == QByteArray(1024, '\0'));
}

TEST_CASE("tar refuses names that are not plain file names", "[export][tar]")
{
    CHECK_FALSE(TarWriter::header(QStringLiteral("../etc/passwd"), 1, 0));
    CHECK_FALSE(TarWriter::header(QStringLiteral("/abs"), 1, 0));
    CHECK_FALSE(TarWriter::header(QString(), 1, 0));
    CHECK_FALSE(TarWriter::header(QString(101, QLatin1Char('a')), 1, 0));
    CHECK_FALSE(TarWriter::header(QStringLiteral("caf\u00e9"), 1, 0));
    CHECK(TarWriter::header(QString(100, QLatin1Char('a')), 1, 0));
    CHECK_FALSE(TarWriter::header(QStringLiteral("big"), TarWriter::kMaxSize + 1, 0));
}

TEST_CASE("the real tar lists and extracts what TarWriter framed, byte for byte", "[export][tar]")
{
    if (!veil::test::availableOrFailInCi(veil::test::haveTools({QStringLiteral("tar")}), "the tar program")) {
        return;
    }
    QTemporaryDir dir;
    QByteArray archive;
    const QList<QPair<QString, QByteArray>> files = {
        {QStringLiteral("empty.txt"), QByteArray()},
        {QStringLiteral("block.bin"), QByteArray(512, 'b')},
        {QStringLiteral("odd.txt"), QByteArray("hello\nworld\n").repeated(100)},
        {QString(100, QLatin1Char('n')), QByteArray("long name")},
    };
    for (const auto& [name, bytes] : files) {
        auto header = TarWriter::header(name, bytes.size(), 1768467600);
        REQUIRE(header);
        archive += header.value() + bytes + TarWriter::padding(bytes.size());
    }
    archive += TarWriter::trailer();
    const QString tarFile = dir.filePath(QStringLiteral("a.tar"));
    QFile out(tarFile);
    REQUIRE(out.open(QIODevice::WriteOnly));
    out.write(archive);
    out.close();

    const QStringList listed = veil::test::extractTar(tarFile, dir.filePath(QStringLiteral("x")));
    REQUIRE(listed.size() == files.size());
    for (qsizetype i = 0; i < files.size(); ++i) {
        INFO(files[i].first.toStdString());
        CHECK(listed[i] == files[i].first);
        const QString path = dir.filePath(QStringLiteral("x/") + files[i].first);
        CHECK(veil::test::readFile(path) == files[i].second);
        CHECK(QFileInfo(path).lastModified().toSecsSinceEpoch() == 1768467600);
    }
    const auto verbose = veil::test::runTool(QStringLiteral("tar"), {QStringLiteral("-tvf"), tarFile});
    CHECK(verbose.out.contains("-rw-------"));
}
