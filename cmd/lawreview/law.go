package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"lawreview/corpus"
)

func init() {
	register(&command{
		name:    "law",
		summary: "查看法律条文：lawreview law 行政处罚法 16",
		run:     runLaw,
	})
}

func runLaw(args []string, stdout, stderr io.Writer) int {
	f := newFlags("law", "lawreview law 法律名称 条文序号 [参数]  或  lawreview law --versions 法律名称", `
显示某部法律某一条的全文，以及版本、效力和所在章节。
法律名称可写全称、简称或常用缩写（如 行诉法），可带书名号；
条文序号可写“第十六条”“16”“第二十条之一”。
已废止的法律（如合同法、物权法）和已重新编号的旧版本，同时给出现行的对应条文。
--versions 列出一部法律的各个版本及法律库是否收录。

示例：
  lawreview law 行政处罚法 16
  lawreview law 合同法 第五十二条
  lawreview law 《中华人民共和国立法法》 第七十二条 --date 2020-01-01
  lawreview law --versions 行政处罚法`, stderr)
	dateFlag := f.String("date", "", "按该日期（YYYY-MM-DD）有效的版本查找，默认现行版本")
	corpusDir := f.String("corpus", "", "法律库目录（默认使用内置法律库和数据目录中导入的法律）")
	versions := f.Bool("versions", false, "列出该法律的各个版本")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *versions {
		if len(pos) != 1 {
			fmt.Fprintln(stderr, "--versions 需要一个参数：法律名称，例如：lawreview law --versions 行政处罚法")
			return exitUsage
		}
	} else if len(pos) != 2 {
		fmt.Fprintln(stderr, "需要两个参数：法律名称和条文序号，例如：lawreview law 行政处罚法 16")
		return exitUsage
	}
	var at time.Time
	if *dateFlag != "" {
		t, err := time.Parse(time.DateOnly, strings.TrimSpace(*dateFlag))
		if err != nil {
			fmt.Fprintf(stderr, "日期“%s”格式不对，应为 YYYY-MM-DD，例如 2021-07-15\n", *dateFlag)
			return exitUsage
		}
		at = t
	}
	data, err := f.dataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	c, _, err := openCorpus(data, *corpusDir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	if *versions {
		return printVersions(stdout, stderr, c, pos[0], *corpusDir == "")
	}
	if _, _, err := corpus.ParseArticleLabel(pos[1]); err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	law, a, err := c.Article(pos[0], pos[1], at)
	if err != nil {
		return lawNotFound(stdout, stderr, c, pos[0], pos[1], err, *corpusDir == "")
	}
	printArticle(stdout, law, a)
	if s, ok := successorFor(c, law, a.Label); ok {
		fmt.Fprintln(stdout)
		printSuccessor(stdout, c, s, law.Status == corpus.StatusRepealed)
	}
	printSnapshot(stdout, c)
	return exitOK
}

// lawNotFound answers a lookup the corpus cannot answer with the article
// itself: a law repealed as a whole (合同法) or a version the corpus does
// not hold still has a known successor article, which is what a lawyer
// needs; anything else is a usage error.
func lawNotFound(stdout, stderr io.Writer, c *corpus.Corpus, name, article string, err error, builtin bool) int {
	if _, notFound := errors.AsType[*corpus.NotFoundError](err); notFound {
		if rep, ok := corpus.RepealOf(name); ok {
			s, found := corpus.SuccessorOf(name, time.Time{}, article)
			if !found {
				fmt.Fprintf(stderr, "《%s》已于%s废止，法律库未收录其文本；条文对应表中没有其%s。\n",
					fullName(name), rep.On.Format("2006年1月2日"), normArticle(article))
				return exitUsage
			}
			fmt.Fprintf(stdout, "《%s》已于%s废止（《%s》%s），法律库未收录其文本。\n",
				fullName(s.Law), rep.On.Format("2006年1月2日"), fullName(rep.By), rep.Article)
			printSuccessor(stdout, c, s, true)
			printSnapshot(stdout, c)
			return exitOK
		}
		return unknownLaw(stderr, c, err, builtin)
	}
	if vm, ok := errors.AsType[*corpus.VersionMissingError](err); ok {
		s, found := corpus.SuccessorOf(name, vm.Version.Date, article)
		if !found {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "%s。\n", err)
		printSuccessor(stdout, c, s, false)
		printSnapshot(stdout, c)
		return exitOK
	}
	fmt.Fprintln(stderr, err)
	return exitUsage
}

// unknownLaw reports a law the corpus does not know, pointing a user of
// the built-in corpus to the import.
func unknownLaw(stderr io.Writer, c *corpus.Corpus, err error, builtin bool) int {
	fmt.Fprintln(stderr, err)
	if builtin && !hasImported(c) {
		fmt.Fprintln(stderr, "内置法律库只收录审查常用的法律，可用 lawreview corpus import 导入完整的法律库，或用 --corpus 指定法律库目录。")
	}
	return exitUsage
}

// successorFor finds the successor of an article the corpus does hold: of
// a repealed law, or of a version that a later one renumbered.
func successorFor(c *corpus.Corpus, law *corpus.Law, label string) (corpus.Successor, bool) {
	switch law.Status {
	case corpus.StatusRepealed:
		return corpus.SuccessorOf(law.ShortName, time.Time{}, label)
	case corpus.StatusSuperseded:
		return corpus.SuccessorOf(law.ShortName, law.Published, label)
	}
	return corpus.Successor{}, false
}

// printSuccessor says where the old article's rule now stands and prints
// the main successor article as the corpus holds it.
func printSuccessor(w io.Writer, c *corpus.Corpus, s corpus.Successor, repealed bool) {
	old := fmt.Sprintf("《%s》%s", s.Law, s.Article)
	if s.Renumbered() {
		old = fmt.Sprintf("《%s》（%s版）%s", s.Law, s.Version.Format(time.DateOnly), s.Article)
	}
	if len(s.Articles) == 0 {
		fmt.Fprintf(w, "条文对应表：%s在《%s》中没有对应的条文（该条内容未被保留或已另行规定）。\n", old, s.NewLaw)
		return
	}
	rest := ""
	if len(s.Articles) > 1 {
		rest = "（另见" + strings.Join(s.Articles[1:], "、") + "）"
	}
	if repealed {
		fmt.Fprintf(w, "%s的内容现由《%s》%s规定%s：\n\n", old, fullName(s.NewLaw), s.Articles[0], rest)
	} else {
		fmt.Fprintf(w, "%s在现行版本中对应%s%s：\n\n", old, s.Articles[0], rest)
	}
	law, a, err := c.Article(s.NewLaw, s.Articles[0], time.Time{})
	if err != nil {
		fmt.Fprintf(w, "（法律库中查不到《%s》%s：%v）\n", s.NewLaw, s.Articles[0], err)
		return
	}
	printArticle(w, law, a)
}

// printSnapshot tells the reader how recent the corpus is: a revision
// published after its newest text is not in it.
func printSnapshot(w io.Writer, c *corpus.Corpus) {
	if t := c.Snapshot(); !t.IsZero() {
		fmt.Fprintf(w, "\n注：法律库收录的最新文本为 %s 版，此后公布的修改未收录，请以国家法律法规数据库（flk.npc.gov.cn）的最新文本为准。\n", t.Format(time.DateOnly))
	}
}

// printVersions lists a law's versions: those its history records and
// those the corpus holds.
func printVersions(stdout, stderr io.Writer, c *corpus.Corpus, name string, builtin bool) int {
	vs, err := c.Versions(name)
	if err != nil {
		if _, notFound := errors.AsType[*corpus.NotFoundError](err); notFound {
			if rep, ok := corpus.RepealOf(name); ok {
				fmt.Fprintf(stdout, "《%s》已于%s废止（《%s》%s），法律库未收录其任何版本。\n",
					fullName(name), rep.On.Format("2006年1月2日"), fullName(rep.By), rep.Article)
				if corpus.HasSuccessorTable(name, time.Time{}) {
					fmt.Fprintf(stdout, "条文对应表收录了其各条在《%s》中的对应条文：lawreview law %s 条文序号\n", fullName(rep.By), corpus.CanonicalName(name))
				}
				printSnapshot(stdout, c)
				return exitOK
			}
			return unknownLaw(stderr, c, err, builtin)
		}
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	latest := vs[len(vs)-1]
	fmt.Fprintf(stdout, "《%s》的版本：\n", latest.Name)
	held := map[string]*corpus.Law{}
	for _, v := range vs {
		held[v.Published.Format(time.DateOnly)] = v
	}
	listed := map[string]bool{}
	type line struct {
		date, text string
	}
	var lines []line
	for _, h := range latest.VersionHistory() {
		d := h.Date.Format(time.DateOnly)
		listed[d] = true
		if v := held[d]; v != nil {
			lines = append(lines, line{d, fmt.Sprintf("%s  %s  %s", d, padAction(h.Action), versionNote(v))})
			continue
		}
		note := "法律库未收录"
		if corpus.HasSuccessorTable(latest.ShortName, h.Date) {
			note += "（条文对应表收录了该版本各条在现行版本中的对应条文）"
		}
		lines = append(lines, line{d, fmt.Sprintf("%s  %s  %s", d, padAction(h.Action), note)})
	}
	for _, v := range vs {
		d := v.Published.Format(time.DateOnly)
		if !listed[d] {
			lines = append(lines, line{d, fmt.Sprintf("%s  %s  %s", d, padAction(""), versionNote(v))})
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].date < lines[j].date })
	for _, l := range lines {
		fmt.Fprintf(stdout, "  %s\n", l.text)
	}
	printSnapshot(stdout, c)
	return exitOK
}

func padAction(a string) string {
	if a == "" {
		a = "版本"
	}
	return a
}

// versionNote describes a version the corpus holds.
func versionNote(v *corpus.Law) string {
	s := "已收录，" + v.Status.Label()
	if !v.InForceFrom.IsZero() {
		s += "，" + v.InForceFrom.Format(time.DateOnly) + " 施行"
	}
	n := len(v.Articles)
	if v.Partial {
		return s + fmt.Sprintf("（内置法律库只收录其中 %d 条）", n)
	}
	return s + fmt.Sprintf("，共 %d 条", n)
}

// fullName is the title of a national law given by its short name.
func fullName(name string) string {
	n := corpus.CanonicalName(name)
	if n == "宪法" || strings.HasPrefix(n, "中华人民共和国") {
		return "中华人民共和国" + strings.TrimPrefix(n, "中华人民共和国")
	}
	return "中华人民共和国" + n
}

func normArticle(s string) string {
	num, sub, err := corpus.ParseArticleLabel(s)
	if err != nil {
		return s
	}
	return corpus.ArticleLabel(num, sub)
}

func printArticle(w io.Writer, law *corpus.Law, a *corpus.Article) {
	fmt.Fprintf(w, "《%s》%s\n", law.Name, a.Label)
	version := "版本：未知"
	if !law.Published.IsZero() {
		version = "版本：" + law.Published.Format(time.DateOnly)
	}
	fmt.Fprintf(w, "%s（%s）", version, law.Status.Label())
	if !law.InForceFrom.IsZero() {
		fmt.Fprintf(w, "　施行日期：%s", law.InForceFrom.Format(time.DateOnly))
	}
	fmt.Fprintln(w)
	level := law.Level
	if law.Region != "" {
		level += "（" + law.Region + "）"
	}
	fmt.Fprintf(w, "层级：%s\n", level)
	if len(a.Chapters) > 0 {
		fmt.Fprintf(w, "位置：%s\n", strings.Join(a.Chapters, " › "))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%s　%s\n", a.Label, a.Text)
}
