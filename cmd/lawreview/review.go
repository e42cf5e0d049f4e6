package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"lawreview/corpus/extract"
	"lawreview/corpus/segment"
	"lawreview/review"
	"lawreview/review/precedent"
)

func init() {
	register(&command{name: "review", summary: "审查文件草案，列出问题、依据和修改建议", run: runReview})
}

const reviewAbout = `对一个或多个草案文件进行合法性审查。支持 .docx、.pdf、.txt、.md（.doc/.wps 需安装 LibreOffice）。

文件类型：auto（自动识别，默认）、村规民约、居民公约、规范性文件、决定、合同、其他（按全部规则检查）。
输出格式：text（适合阅读）或 json（供其他程序读取，字段稳定）。
退出状态：0 没有“违法”级别的问题；1 至少有一个“违法”级别的问题；2 用法或文件错误。

示例：
  lawreview review 草案.docx
  lawreview review --type 村规民约 村规民约.pdf
  lawreview review --format json a.docx b.txt > 结果.json
  lawreview review --corpus ../shared/corpus/laws 草案.docx`

func runReview(args []string, stdout, stderr io.Writer) int {
	f := newFlags("review", "lawreview review [--type auto|村规民约|居民公约|规范性文件|决定|合同] [--format text|json] [--corpus 目录] 文件...", reviewAbout, stderr)
	docType := f.String("type", "auto", "文件类型")
	format := f.String("format", "text", "输出格式：text 或 json")
	corpusDir := f.String("corpus", "", "法律库目录（默认使用内置法律库和数据目录中已导入的法律）")
	maxMB := f.Int64("max-size", 20, "单个文件大小上限（MB）")
	withPrecedents := f.Bool("precedents", true, "与先例比对：与内置公开案例库或本所先例中被认定违法的条款相似、而规则未发现的语句，也列为问题（--precedents=false 关闭）")
	province := f.String("province", os.Getenv("LAWREVIEW_PROVINCE"), "所在省份：相关条文含该省的地方性法规，有效期上限按该省规定（默认 $LAWREVIEW_PROVINCE）")
	files, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "请指定要审查的文件。")
		f.printUsage(stderr)
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "不支持的输出格式：%s（可选 text 或 json）\n", *format)
		return exitUsage
	}
	if !validType(*docType) {
		fmt.Fprintf(stderr, "不支持的文件类型：%s（可选 auto、村规民约、居民公约、规范性文件、决定、合同、其他）\n", *docType)
		return exitUsage
	}
	data, err := f.dataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	// A review cuts a few documents: loading jieba with just their words
	// takes 20 ms where the whole dictionary takes most of a second, and
	// cuts them the same way (corpus/segment/subset.go).
	segment.SetSubset()
	// Before any goroutine allocates: the heap grows into 2 MB pages.
	heapOnHugePages()
	// The rules load on the other core while the data opens (it waits for
	// them in review.New).
	review.Preload()
	// The precedent finder (the bank, the stored precedents, bigram
	// weights learnt from the embedded laws) is built on the other core
	// while the index opens and the rules compile: it needs nothing of
	// theirs but the rules' grave flags, which it asks only when finding,
	// after the wait below.
	var engine *review.Engine
	var pf *precedent.Finder
	var pfErr error
	pfDone := make(chan struct{})
	if *withPrecedents {
		go func() {
			defer close(pfDone)
			pf, pfErr = precedentFinder(context.Background(), data, func(rule string) bool { return engine.Grave(rule) }) // precedent.go
		}()
	} else {
		close(pfDone)
	}
	env, err := openEnv(data, *corpusDir, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	defer env.Close()
	engine, err = review.New(review.Config{Laws: env.laws, Related: env.related})
	if err != nil {
		fmt.Fprintf(stderr, "加载审查规则失败：%v\n", err)
		return exitUsage
	}
	<-pfDone
	var finder review.PrecedentFinder
	if *withPrecedents {
		if pfErr != nil {
			fmt.Fprintln(stderr, pfErr)
			return exitUsage
		}
		finder = pf
	}

	var reports []*review.Report
	exit := exitOK
	for _, path := range files {
		// Extraction stops where the review would refuse the draft anyway.
		doc, err := extract.File(path, extract.Options{MaxBytes: *maxMB << 20, MaxChars: review.DefaultLimits.MaxChars, MaxParagraphs: review.DefaultLimits.MaxParagraphs})
		if err == nil {
			// The web refuses a web page renamed .docx; so does the CLI.
			err = extract.CheckName(path, doc.Format)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s：%s\n", path, userMessage(err))
			exit = exitUsage
			continue
		}
		rep, err := engine.Review(review.Input{File: path, Title: doc.Title, Text: doc.Text, Paragraphs: doc.Paragraphs}, review.Options{Type: *docType, Province: *province, Precedents: finder})
		var le *review.LimitError
		if errors.As(err, &le) {
			fmt.Fprintf(stderr, "%s：%s\n", path, le.Msg)
			exit = exitUsage
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s：审查失败：%v\n", path, err)
			exit = exitUsage
			continue
		}
		reports = append(reports, rep)
		if rep.HasErrors() && exit == exitOK {
			exit = exitFindings
		}
	}

	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		var v any = reports
		if len(files) == 1 {
			if len(reports) == 0 {
				return exit
			}
			v = reports[0]
		}
		if err := enc.Encode(v); err != nil {
			fmt.Fprintf(stderr, "输出失败：%v\n", err)
			return exitUsage
		}
	default:
		color := isTerminal(stdout)
		for i, rep := range reports {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			printReport(stdout, rep, color)
		}
	}
	return exit
}

func validType(t string) bool {
	return t == "" || t == "auto" || t == review.TypeOther || slices.Contains(review.Types, t)
}

// userMessage gives the Chinese message of a typed extraction error, or a
// generic one that still names the cause.
func userMessage(err error) string {
	var xe *extract.Error
	if errors.As(err, &xe) {
		return xe.Msg
	}
	if errors.Is(err, os.ErrNotExist) {
		return "文件不存在"
	}
	if errors.Is(err, os.ErrPermission) {
		return "没有读取该文件的权限"
	}
	return "无法读取文件：" + err.Error()
}

// ANSI colours by severity, used only when stdout is a terminal.
var severityColor = map[review.Severity]string{
	review.SeverityError:   "\x1b[1;31m",
	review.SeverityWarning: "\x1b[1;33m",
	review.SeverityInfo:    "\x1b[1;36m",
}

func printReport(w io.Writer, rep *review.Report, color bool) {
	paint := func(code, s string) string {
		if !color || code == "" {
			return s
		}
		return code + s + "\x1b[0m"
	}
	title := rep.Title
	if title == "" {
		title = "（无标题）"
	}
	fmt.Fprintf(w, "%s\n", paint("\x1b[1m", filepath.Base(rep.File)+"："+title))
	fmt.Fprintf(w, "文件类型：%s\n", rep.Type)
	for _, n := range rep.Notices {
		fmt.Fprintf(w, "说明：%s\n", n)
	}
	counts := map[review.Severity]int{}
	for _, fd := range rep.Findings {
		counts[fd.Severity]++
	}
	if len(rep.Findings) == 0 {
		fmt.Fprintln(w, "未发现问题。")
	} else {
		var byLevel []string
		for _, s := range review.Severities {
			byLevel = append(byLevel, fmt.Sprintf("%s %d", s.Label(), counts[s]))
		}
		fmt.Fprintf(w, "发现 %d 个问题：%s\n", len(rep.Findings), strings.Join(byLevel, "，"))
	}
	for i, fd := range rep.Findings {
		fmt.Fprintln(w)
		label := fmt.Sprintf("[%s]", fd.Severity.Label())
		// The rule's title, not its id: ids are for programs (--format json).
		fmt.Fprintf(w, "%d. %s 第%d行 %s（%s：%s）\n", i+1, paint(severityColor[fd.Severity], label), fd.Line, fd.Message, fd.Item, fd.Title)
		fmt.Fprintf(w, "   原文：“%s”\n", fd.Quote)
		for _, b := range fd.Basis {
			fmt.Fprintf(w, "   依据：《%s》%s%s", b.Law, b.Article, b.Part)
			// The part the finding rests on, when one part of a long
			// article is meant, says more in 120 characters than its opening.
			if text := cmp.Or(b.Excerpt, b.Text); text != "" {
				fmt.Fprintf(w, "：%s", oneLine(text, 120))
			}
			fmt.Fprintln(w)
		}
		if fd.Suggestion != "" {
			fmt.Fprintf(w, "   建议：%s\n", fd.Suggestion)
		}
		if p := fd.FromPrecedent; p != nil {
			fmt.Fprintf(w, "   先例：%s（相似度 %.0f%%）\n", p.Summary, p.Similarity*100)
			fmt.Fprintf(w, "   先例原文：“%s”\n", p.Clause)
			if src := strings.TrimSpace(p.SourceURL + " " + p.Citation); src != "" {
				fmt.Fprintf(w, "   出处：%s\n", src)
			}
		}
		for _, r := range fd.Related {
			fmt.Fprintf(w, "   相关条文：《%s》%s\n", r.Law, r.Article)
		}
	}
	if len(rep.Checklist) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "审查要点：")
		for _, c := range rep.Checklist {
			// The note says it all ("村规民约设定罚款（问题1）", "未发现问题");
			// a manual check's note is what to check, so it is marked so.
			note := oneLine(c.Note, 80)
			switch {
			case note == "":
				note = c.Status.Label()
			case c.Rule != "":
				note = c.Status.Label() + "：" + note
			}
			fmt.Fprintf(w, "  %s：%s\n", c.Item, note)
		}
	}
}

// oneLine flattens text for a terminal line and cuts it at n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "……"
	}
	return s
}

// isTerminal reports whether w is a character device, without a dependency;
// NO_COLOR (https://no-color.org) turns colour off everywhere.
func isTerminal(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
