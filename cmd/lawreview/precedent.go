package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"lawreview/corpus/atomicfile"
	pindex "lawreview/index/precedent"
	"lawreview/review/precedent"
	"lawreview/web/storage/sqlite"
	"lawreview/web/storage/sqlstore"
	"lawreview/web/workflow"
)

func init() {
	register(&command{name: "precedent", summary: "审查先例：导入、导出（JSON Lines）与重建先例检索索引", run: runPrecedent})
}

const precedentAbout = `
每次签发审查后，被采纳和审查人添加的意见成为“违法”先例，不采纳的意见成为“合法”先例，
供以后的审查参考。先例可在司法所之间交换，文件格式见 docs/precedents.md（JSON Lines，
每行一个 JSON 对象）。

程序内置公开案例库（备案审查、公平竞争审查、法院判决等已公布的认定），首次使用和升级后
自动载入数据库和先例检索索引。

子命令：
  search 检索词    检索先例（可按文件类型、镇街、规则、认定结果、全文结论、来源、日期筛选）
  import 文件      导入先例文件；任何一行有错误时整个文件都不导入，并列出出错的行号
  export          导出全部先例（默认输出到屏幕，--out 指定文件）
  reindex         重新载入公开案例库，并从数据库重建先例检索索引（网页工作台运行时请在“审查先例”页面重建）

设置了 $LAWREVIEW_DB（如多台服务器共用的 postgres://…）时读写其中的先例，否则读写数据目录中的 lawreview.db。

示例：
  lawreview precedent search 外嫁女 集体收益分配
  lawreview precedent search --source public --verdict 违法 --type 规范性文件 分支机构
  lawreview precedent search --from 2023-01-01 --format json 罚款
  lawreview precedent import 典型案例.jsonl
  lawreview precedent export --out 城关司法所先例.jsonl
  lawreview precedent reindex`

// precedentIndexDir is where the precedent index of a data directory lives.
func precedentIndexDir(data string) string { return filepath.Join(data, "precedent-index") }

func runPrecedent(args []string, stdout, stderr io.Writer) int {
	f := newFlags("precedent", "lawreview precedent search [筛选] 检索词 | import 文件 | export [--out 文件] | reindex", precedentAbout, stderr)
	out := f.String("out", "", "export：写入此文件（默认输出到屏幕）")
	sf := addSearchFlags(f) // precedentsearch.go
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		f.printUsage(stderr)
		return exitUsage
	}
	data, err := f.dataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	ctx := context.Background()
	switch pos[0] {
	case "import":
		if len(pos) != 2 {
			fmt.Fprintln(stderr, "用法：lawreview precedent import 文件")
			return exitUsage
		}
		return precedentImport(ctx, data, pos[1], stdout, stderr)
	case "export":
		if len(pos) != 1 {
			fmt.Fprintln(stderr, "用法：lawreview precedent export [--out 文件]")
			return exitUsage
		}
		return precedentExport(ctx, data, *out, stdout, stderr)
	case "reindex":
		return precedentReindex(ctx, data, stdout, stderr)
	case "search":
		return precedentSearch(ctx, data, sf, strings.Join(pos[1:], " "), stdout, stderr)
	}
	fmt.Fprintf(stderr, "未知的子命令：%s（可用：search、import、export、reindex）\n", pos[0])
	return exitUsage
}

// openDB opens the workplace's database: $LAWREVIEW_DB when set (the
// PostgreSQL several server nodes share), else the data directory's file.
func openDB(data string, stderr io.Writer) (*sqlstore.Store, bool) {
	db, err := openStore(dbAddress("", data))
	if err != nil {
		fmt.Fprintf(stderr, "打开数据库失败：%v\n", err)
		return nil, false
	}
	return db, true
}

func precedentImport(ctx context.Context, data, path string, stdout, stderr io.Writer) int {
	fh, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "无法打开先例文件 %s：%v\n", path, err)
		return exitUsage
	}
	defer fh.Close()
	ps, err := precedent.Decode(fh)
	if err != nil {
		var de *precedent.DecodeError
		if errors.As(err, &de) {
			fmt.Fprintf(stderr, "%s：先例文件有错误，未导入任何记录：\n", path)
			for _, l := range de.Lines {
				fmt.Fprintf(stderr, "  %s\n", l.Error())
			}
			if de.More {
				fmt.Fprintln(stderr, "  ……（更多错误未列出）")
			}
			return exitUsage
		}
		fmt.Fprintf(stderr, "读取先例文件 %s 失败：%v\n", path, err)
		return exitUsage
	}
	if len(ps) == 0 {
		fmt.Fprintf(stderr, "%s 中没有先例记录\n", path)
		return exitUsage
	}
	db, ok := openDB(data, stderr)
	if !ok {
		return exitFindings
	}
	defer db.Close()
	res, err := workflow.ImportPrecedents(ctx, db, ps)
	if err != nil {
		fmt.Fprintf(stderr, "导入失败，未导入任何记录：%v\n", err)
		return exitFindings
	}
	fmt.Fprintf(stdout, "已导入 %s：新增 %d 条，更新 %d 条，跳过重复 %d 条\n", path, res.Added, res.Replaced, res.Skipped)
	ix, err := pindex.Open(precedentIndexDir(data))
	if errors.Is(err, pindex.ErrBusy) {
		fmt.Fprintln(stdout, "网页工作台正在运行：新先例将在几秒内由工作台自动编入检索索引。")
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "打开先例检索索引失败（先例已存入数据库，可稍后运行 lawreview precedent reindex）：%v\n", err)
		return exitFindings
	}
	defer ix.Close()
	if _, err := loadBank(ctx, db, ix, false); err != nil {
		fmt.Fprintf(stderr, "载入公开案例库失败（先例已存入数据库）：%v\n", err)
		return exitFindings
	}
	if _, _, err := workflow.CatchUp(ctx, db, ix); err != nil {
		fmt.Fprintf(stderr, "编入先例检索索引失败（先例已存入数据库，可运行 lawreview precedent reindex）：%v\n", err)
		return exitFindings
	}
	return exitOK
}

func precedentExport(ctx context.Context, data, out string, stdout, stderr io.Writer) int {
	db, ok := openDB(data, stderr)
	if !ok {
		return exitFindings
	}
	defer db.Close()
	var w io.Writer = stdout
	var f *atomicfile.File
	if out != "" {
		// Through a temporary file put in place at the end: an export
		// that fails half-way never leaves a file that looks complete.
		var err error
		if f, err = atomicfile.Create(out); err != nil {
			fmt.Fprintf(stderr, "无法写入 %s：%v\n", out, err)
			return exitUsage
		}
		w = f
	}
	n := 0
	err := db.EachPrecedent(ctx, func(p *precedent.Precedent) error {
		n++
		return precedent.EncodeOne(w, p)
	})
	if err != nil {
		if f != nil {
			f.Abort()
		}
		fmt.Fprintf(stderr, "导出失败：%v\n", err)
		return exitFindings
	}
	if f != nil {
		if err := f.Commit(); err != nil {
			fmt.Fprintf(stderr, "写入 %s 失败：%v\n", out, err)
			return exitFindings
		}
		fmt.Fprintf(stderr, "已导出 %d 条先例到 %s\n", n, out)
	}
	return exitOK
}

func precedentReindex(ctx context.Context, data string, stdout, stderr io.Writer) int {
	db, ok := openDB(data, stderr)
	if !ok {
		return exitFindings
	}
	defer db.Close()
	filled, err := workflow.BackfillPrecedents(ctx, db)
	if err != nil {
		fmt.Fprintf(stderr, "整理已签发审查的先例失败：%v\n", err)
		return exitFindings
	}
	ix, err := pindex.Open(precedentIndexDir(data))
	if errors.Is(err, pindex.ErrBusy) {
		fmt.Fprintln(stderr, "网页工作台正在运行，先例检索索引被占用。请在工作台“审查先例”页面重建索引，或停止工作台后重试。")
		return exitFindings
	}
	if err != nil {
		fmt.Fprintf(stderr, "打开先例检索索引失败：%v\n", err)
		return exitFindings
	}
	defer ix.Close()
	start := time.Now()
	// Reloaded whatever version the index recorded: a database restored
	// from a backup may lack the bank.
	loaded, err := loadBank(ctx, db, ix, true)
	if err != nil {
		fmt.Fprintf(stderr, "载入公开案例库失败：%v\n", err)
		return exitFindings
	}
	if loaded == 0 { // else LoadBank has just rebuilt the index from storage
		if _, err := workflow.Reindex(ctx, db, ix); err != nil {
			fmt.Fprintf(stderr, "重建先例检索索引失败：%v\n", err)
			return exitFindings
		}
	}
	count, err := ix.Count()
	if err != nil {
		fmt.Fprintf(stderr, "读取先例检索索引失败：%v\n", err)
		return exitFindings
	}
	n := int(count)
	if filled > 0 {
		fmt.Fprintf(stdout, "补记了 %d 份已签发审查的先例\n", filled)
	}
	fmt.Fprintf(stdout, "已重建先例检索索引：%d 条，用时 %s\n", n, time.Since(start).Round(time.Millisecond))
	return exitOK
}

// openPrecedents opens the precedent index of the web server and brings it
// in step with the database (reviews signed before precedents existed,
// imports made from the command line while the server was down).
func openPrecedents(ctx context.Context, data string, db *sqlite.Store, log *slog.Logger) (*pindex.Index, error) {
	ix, err := pindex.Open(precedentIndexDir(data))
	if err != nil {
		return nil, fmt.Errorf("打开先例检索索引失败：%w", err)
	}
	start := time.Now()
	loaded, err := loadBank(ctx, db, ix, false)
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("载入公开案例库失败：%w", err)
	}
	filled, rebuilt, err := workflow.SyncPrecedents(ctx, db, ix)
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("同步先例检索索引失败：%w", err)
	}
	n, _ := ix.Count()
	log.Info("precedent index ready", "precedents", n, "bank_loaded", loaded, "backfilled_reviews", filled, "rebuilt", rebuilt, "took", time.Since(start).Round(time.Millisecond))
	return ix, nil
}

// loadBank brings the data directory up to the public bank embedded in the
// binary: at first use and after an upgrade (pindex.LoadBank). It returns
// how many stored records changed.
func loadBank(ctx context.Context, db *sqlite.Store, ix *pindex.Index, force bool) (int, error) {
	b, err := publicBank()
	if err != nil {
		return 0, err
	}
	return workflow.LoadBank(ctx, db, ix, b, force)
}

// precedentFinder is what `lawreview review` finds precedents with: the
// public bank and, when the data directory has a database, the office's
// own and imported precedents (a database is never created for it:
// reviewing a file must not set up a workplace). The command line has no
// office: it reads every precedent of the data directory, for the one
// workplace's administrator it runs for. grave is the rules' grave flag.
func precedentFinder(ctx context.Context, data string, grave func(rule string) bool) (*precedent.Finder, error) {
	b, err := publicBank()
	if err != nil {
		return nil, fmt.Errorf("载入公开案例库失败：%w", err)
	}
	ps := slices.Clone(b.Entries)
	path := filepath.Join(data, "lawreview.db")
	if _, err := os.Stat(path); err == nil {
		db, err := sqlite.Open(path)
		if err != nil {
			return nil, fmt.Errorf("打开数据库失败：%w", err)
		}
		defer db.Close()
		inBank := map[string]bool{}
		for _, p := range b.Entries {
			inBank[p.ID] = true
		}
		err = db.EachPrecedent(ctx, func(p *precedent.Precedent) error {
			if !inBank[p.ID] { // the stored copy of the bank may be older than the binary's
				ps = append(ps, *p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("读取先例失败：%w", err)
		}
	}
	opt, err := workflow.FinderOptions(grave)
	if err != nil {
		return nil, err
	}
	opt.Weights, opt.Background = cachedWeights(data, opt), nil
	return precedent.NewFinder(ps, opt), nil
}

// cachedWeights are the finder's bigram weights: read from the data
// directory when a review before learnt them from the same background and
// concepts (precedent.WeightsKey), else learnt and kept there for the
// next one. Learning them was a fifth of a cold review's CPU. Keeping
// them is best effort: a data directory that does not exist or cannot be
// written costs only the learning, and a damaged file is learnt again.
func cachedWeights(data string, opt precedent.FinderOptions) *precedent.Weights {
	dir := filepath.Join(data, "dict")
	name := "precedent-weights-" + precedent.WeightsKey(opt.Background, opt.Concepts) + ".bin"
	if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
		if w, err := precedent.UnmarshalWeights(b); err == nil {
			return w
		}
	}
	w := precedent.LearnWeights(opt.Background, opt.Concepts)
	if _, err := os.Stat(data); err != nil {
		return w
	}
	b, err := w.MarshalBinary()
	if err != nil || os.MkdirAll(dir, 0o755) != nil || atomicfile.WriteFile(filepath.Join(dir, name), b) != nil {
		return w
	}
	// The weights of other rules or laws (an older binary's) are not read again.
	old, _ := filepath.Glob(filepath.Join(dir, "precedent-weights-*.bin"))
	for _, p := range old {
		if filepath.Base(p) != name {
			os.Remove(p)
		}
	}
	return w
}

// publicBank is the embedded bank; tests put a fixture in its place.
var publicBank = precedent.Bank
