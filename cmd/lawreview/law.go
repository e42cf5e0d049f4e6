package main

import (
	"errors"
	"fmt"
	"io"
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
	f := newFlags("law", "lawreview law 法律名称 条文序号 [参数]", `
显示某部法律某一条的全文，以及版本、效力和所在章节。
法律名称可写全称、简称或常用缩写（如 行诉法），可带书名号；
条文序号可写“第十六条”“16”“第二十条之一”。

示例：
  lawreview law 行政处罚法 16
  lawreview law 《中华人民共和国立法法》 第七十二条 --date 2020-01-01`, stderr)
	dateFlag := f.String("date", "", "按该日期（YYYY-MM-DD）有效的版本查找，默认现行版本")
	corpusDir := f.String("corpus", "", "法律库目录（默认使用内置法律库和数据目录中导入的法律）")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
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
	law, a, err := c.Article(pos[0], pos[1], at)
	if err != nil {
		fmt.Fprintln(stderr, err)
		if _, notFound := errors.AsType[*corpus.NotFoundError](err); notFound && *corpusDir == "" && !hasImported(c) {
			fmt.Fprintln(stderr, "内置法律库只收录审查常用的法律，可用 lawreview corpus import 导入完整的法律库，或用 --corpus 指定法律库目录。")
		}
		return exitUsage
	}
	printArticle(stdout, law, a)
	return exitOK
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
