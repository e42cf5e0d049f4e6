package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"lawreview/corpus"
)

// corpusSubcommands are the actions of `lawreview corpus`. Other files add
// theirs in init (corpus import lives with the index).
var corpusSubcommands = map[string]struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}{
	"stats": {"统计法律库中的法律、版本和条文数量", runCorpusStats},
}

func init() {
	register(&command{
		name:    "corpus",
		summary: "法律库管理：lawreview corpus stats",
		run:     runCorpus,
	})
}

func runCorpus(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w, code := stdout, exitOK
		if len(args) == 0 {
			w, code = stderr, exitUsage
		}
		fmt.Fprintln(w, "用法：lawreview corpus <操作> [参数]")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "操作：")
		names := make([]string, 0, len(corpusSubcommands))
		for n := range corpusSubcommands {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(w, "  %-8s %s\n", n, corpusSubcommands[n].summary)
		}
		return code
	}
	sub, ok := corpusSubcommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "未知操作：corpus %s（可用：lawreview corpus --help）\n", args[0])
		return exitUsage
	}
	return sub.run(args[1:], stdout, stderr)
}

// levelOrder lists levels from the highest; others follow in name order.
var levelOrder = []string{"宪法", "法律", "行政法规", "地方性法规", "司法解释", "部门规章", "其他", "案例"}

func runCorpusStats(args []string, stdout, stderr io.Writer) int {
	f := newFlags("corpus stats", "lawreview corpus stats [参数]", `
统计法律库中法律、版本和条文的数量，按层级和效力分列。

示例：
  lawreview corpus stats
  lawreview corpus stats --corpus ../shared/corpus/laws`, stderr)
	corpusDir := f.String("corpus", "", "法律库目录（默认使用内置法律库和数据目录中导入的法律）")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "多余的参数：%s\n", strings.Join(pos, " "))
		return exitUsage
	}
	data, err := f.dataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	c, rep, err := openCorpus(data, *corpusDir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	if *corpusDir == "" && hasImported(c) {
		fmt.Fprintf(stdout, "法律库：内置法律库及数据目录 %s 中导入的法律\n", data)
	} else if *corpusDir == "" {
		fmt.Fprintln(stdout, "法律库：内置法律库")
	} else {
		fmt.Fprintf(stdout, "法律库：%s\n", *corpusDir)
	}
	printStats(stdout, c.Stats())
	if rep != nil {
		printSkipped(stdout, rep)
	}
	return exitOK
}

func printStats(w io.Writer, s corpus.Stats) {
	printCount(w, "合计", s.Count)
	fmt.Fprintln(w, "\n按层级：")
	levels := make([]string, 0, len(s.ByLevel))
	for l := range s.ByLevel {
		levels = append(levels, l)
	}
	rank := func(l string) int {
		for i, o := range levelOrder {
			if o == l {
				return i
			}
		}
		return len(levelOrder)
	}
	sort.Slice(levels, func(i, j int) bool {
		if ri, rj := rank(levels[i]), rank(levels[j]); ri != rj {
			return ri < rj
		}
		return levels[i] < levels[j]
	})
	for _, l := range levels {
		printCount(w, l, s.ByLevel[l])
	}
	fmt.Fprintln(w, "\n按效力：")
	for _, st := range []corpus.Status{corpus.StatusCurrent, corpus.StatusSuperseded, corpus.StatusRepealed} {
		if n, ok := s.ByStatus[st]; ok {
			printCount(w, st.Label(), n)
		}
	}
}

func printCount(w io.Writer, label string, n corpus.Count) {
	indent := "  "
	if label == "合计" {
		indent = ""
	}
	fmt.Fprintf(w, "%s%s：%d 部，%d 个版本，%d 条\n", indent, label, n.Laws, n.Versions, n.Articles)
}

func printSkipped(w io.Writer, r *corpus.Report) {
	if len(r.Skipped) == 0 {
		fmt.Fprintf(w, "\n读取文件 %d 个，全部导入\n", r.Files)
		return
	}
	by := map[string]int{}
	for _, s := range r.Skipped {
		by[s.Reason]++
	}
	reasons := make([]string, 0, len(by))
	for k := range by {
		reasons = append(reasons, k)
	}
	sort.Strings(reasons)
	parts := make([]string, 0, len(reasons))
	for _, k := range reasons {
		parts = append(parts, fmt.Sprintf("%s %d 个", k, by[k]))
	}
	fmt.Fprintf(w, "\n读取文件 %d 个，跳过 %d 个（%s）\n", r.Files, len(r.Skipped), strings.Join(parts, "，"))
}
