package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"lawreview/corpus"
	"lawreview/index"
)

func init() {
	corpusSubcommands["import"] = struct {
		summary string
		run     func(args []string, stdout, stderr io.Writer) int
	}{"导入法律文件或文件夹到数据目录，并重建法律索引", runCorpusImport}
}

func runCorpusImport(args []string, stdout, stderr io.Writer) int {
	f := newFlags("corpus import", "lawreview corpus import [--progress] 路径...", `
把法律文件（.md、.docx、.txt）或整个法律库文件夹导入数据目录，然后重建法律索引。
导入的法律与内置法律库合并；同一法律的同一版本再次导入时取代原来的版本。
导入的内容保存在 <数据目录>/corpus/imported.laws，重建索引和查阅条文时从这里读取，
所以导入之后原文件可以移走。重建期间原索引照常可用，完成后一次切换。
（旧版本保存的 imported.gob 仍可读取，首次使用时自动转换为新格式。）

示例：
  lawreview corpus import ../shared/corpus/laws
  lawreview corpus import --progress 村规民约汇编/ 某某条例.docx`, stderr)
	showProgress := f.Bool("progress", false, "显示进度（终端上为进度条，否则每隔几秒输出一行）")
	paths, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "请指定要导入的文件或文件夹。")
		f.printUsage(stderr)
		return exitUsage
	}
	data, err := f.dataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var opts index.ImportOptions
	if *showProgress {
		opts.ParseProgress = newProgress(stderr, "读取文件").update
		opts.IndexProgress = newProgress(stderr, "建立索引").update
	}
	start := time.Now()
	store := index.NewStore(data)
	rep, err := store.Import(ctx, opts, paths...)
	if rep != nil {
		printImportReport(stdout, rep)
	}
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "已中断：原有索引保持不变，导入的法律已保存；下次检索、审查或启动服务时会自动重建索引（也可用 lawreview index rebuild 立即重建）。")
		} else {
			fmt.Fprintf(stderr, "导入失败：%v\n", err)
		}
		return exitUsage
	}
	if rep.Versions == 0 {
		fmt.Fprintln(stderr, "没有可以导入的法律，索引未改变。")
		return exitUsage
	}
	if err := printIndexInfo(stdout, store); err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "总用时 %s\n", humanDuration(time.Since(start)))
	return exitOK
}

// printImportReport accounts for every file: each is a law version, a part
// merged into another version (民法典 in several files), or skipped.
func printImportReport(w io.Writer, r *corpus.Report) {
	fmt.Fprintln(w, r.Summary())
	fmt.Fprintf(w, "文件 %d 个 = 法律版本 %d 个 + 并入其他文件的部分 %d 个 + 跳过 %d 个\n",
		r.Files, r.Versions, r.Merged, len(r.Skipped))
	if len(r.Skipped) == 0 {
		return
	}
	by := map[string][]corpus.Skipped{}
	for _, s := range r.Skipped {
		by[s.Reason] = append(by[s.Reason], s)
	}
	reasons := make([]string, 0, len(by))
	for k := range by {
		reasons = append(reasons, k)
	}
	sort.Strings(reasons)
	fmt.Fprintln(w, "跳过的文件：")
	for _, k := range reasons {
		fmt.Fprintf(w, "  %s（%d 个）：\n", k, len(by[k]))
		for _, s := range by[k] {
			if s.Detail != "" {
				fmt.Fprintf(w, "    %s：%s\n", s.Path, s.Detail)
			} else {
				fmt.Fprintf(w, "    %s\n", s.Path)
			}
		}
	}
}

// printIndexInfo describes the live index: where it is, what it holds.
func printIndexInfo(w io.Writer, store *index.Store) error {
	dir, err := store.LiveDir()
	if err != nil {
		return err
	}
	if dir == "" {
		fmt.Fprintln(w, "尚未建立法律索引（首次检索或审查时会自动用内置法律库建立）。")
		return nil
	}
	c, err := store.Corpus()
	if err != nil {
		return fmt.Errorf("读取法律库失败：%w", err)
	}
	ix, err := index.Open(dir, c)
	if errors.Is(err, index.ErrNoIndex) {
		// built from another corpus (or gone): Store.Open rebuilds it
		fmt.Fprintf(w, "法律索引：%s（与当前法律库不一致，下次检索或审查时会自动重建）\n", dir)
		return nil
	}
	if err != nil {
		return fmt.Errorf("打开法律索引失败：%w", err)
	}
	defer ix.Close()
	fmt.Fprintf(w, "法律索引：%s（%d 条，占用 %s）\n", dir, ix.Articles(), humanBytes(dirSize(dir)))
	return nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// trimmed joins positional words the way a search box would.
func trimmed(words []string) string { return strings.TrimSpace(strings.Join(words, " ")) }
