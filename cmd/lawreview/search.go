package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"strings"

	"lawreview/corpus"
	"lawreview/corpus/segment"
	"lawreview/index"
)

func init() {
	register(&command{
		name:    "search",
		summary: "检索法律条文：lawreview search 外嫁女 土地承包",
		run:     runSearch,
	})
}

const searchAbout = `在法律索引中检索条文，按一名法律顾问读法的顺序排列：先法律、行政法规，后地方性法规；
同一层级中条文主题与检索词相合的在前。默认只检索现行有效的版本。
检索词之间用空格分开，每个词都会连同其法律用语一起检索（停水停电 → 供水 供电 迫使），
含全部检索词的条文在前；用引号括起的短语（"违者罚款" 或 “违者罚款”）原样出现的条文优先；
词前加减号（-刑事）排除含该词的条文。输入“《物权法》第五十九条”这样的条文名称，直接给出该条
（已废止的法律给出现行的对应条文）。
地方性法规只检索所在省份的（--province，默认取环境变量 LAWREVIEW_PROVINCE）；
未设置省份时不检索地方性法规，--all-regions 检索所有省市的。
索引包括内置法律库和用 lawreview corpus import 导入的法律。

示例：
  lawreview search 外嫁女 土地承包
  lawreview search 村规民约 罚款 --province 浙江
  lawreview search 罚款 --law 村委会组织法
  lawreview search "不得收回" --level 法律,行政法规 --size 20
  lawreview search 《物权法》第五十九条
  lawreview search 村规民约 --all-versions --format json`

func runSearch(args []string, stdout, stderr io.Writer) int {
	f := newFlags("search", "lawreview search 检索词... [--province 省份] [--law 法律名称] [--level 层级,...] [--all-versions] [--format text|json] [--size N]", searchAbout, stderr)
	law := f.String("law", "", "只检索名称含此文字的法律，如 土地承包法、村委会组织法")
	level := f.String("level", "", "只检索这些层级，多个用逗号分开：宪法、法律、行政法规、司法解释、部门规章、地方性法规、其他")
	province := f.String("province", os.Getenv("LAWREVIEW_PROVINCE"), "所在省份，检索该省的地方性法规，如 浙江（默认 $LAWREVIEW_PROVINCE）")
	allRegions := f.Bool("all-regions", false, "检索所有省市的地方性法规")
	region := f.String("region", "", "只检索此省市的地方性法规，如 北京")
	status := f.String("status", "", "只检索此效力状态：current 现行有效、superseded 已修改、repealed 已废止")
	allVersions := f.Bool("all-versions", false, "检索所有版本（含已修改、已废止的）")
	phrase := f.Bool("phrase", false, "把全部检索词当作一个必须原样出现的短语")
	format := f.String("format", "text", "输出格式：text 或 json")
	size := f.Int("size", index.DefaultSize, fmt.Sprintf("显示条数（最多 %d）", index.MaxSize))
	page := f.Int("page", 1, "页码，从 1 开始")
	words, code, ok := f.parse(args)
	if !ok {
		return code
	}
	text := trimmed(words)
	if text == "" {
		fmt.Fprintln(stderr, "请输入检索词，例如：lawreview search 外嫁女 土地承包")
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "不支持的输出格式：%s（可选 text 或 json）\n", *format)
		return exitUsage
	}
	if *size < 1 || *size > index.MaxSize || *page < 1 {
		fmt.Fprintf(stderr, "--size 应在 1 到 %d 之间，--page 从 1 开始\n", index.MaxSize)
		return exitUsage
	}
	data, err := f.dataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	segment.SetSubset() // one query and its snippets: see review.go
	ix, err := newStore(data, stderr).Open(nil, nil)
	if err != nil {
		fmt.Fprintf(stderr, "打开法律索引失败：%v\n", err)
		return exitUsage
	}
	defer ix.Close()
	levels, err := index.ParseLevels(*level)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	q := index.Query{Text: text, Law: *law, Levels: levels, Region: *region, Province: *province, AllRegions: *allRegions,
		Status: *status, AllVersions: *allVersions, Phrase: *phrase, Size: *size, From: (*page - 1) * *size}
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		if index.IsInputError(err) {
			fmt.Fprintln(stderr, err)
		} else {
			fmt.Fprintf(stderr, "检索失败：%v\n", err)
		}
		return exitUsage
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(stderr, "输出失败：%v\n", err)
			return exitUsage
		}
		return exitOK
	}
	printSearch(stdout, q, res, isTerminal(stdout))
	return exitOK
}

// ANSI styles used on a terminal only.
const (
	ansiBold  = "\033[1m"
	ansiMark  = "\033[1;31m"
	ansiDim   = "\033[2m"
	ansiReset = "\033[0m"
)

func printSearch(w io.Writer, q index.Query, r *index.Result, color bool) {
	scope := "现行有效的条文"
	switch {
	case q.Status != "":
		scope = corpus.Status(q.Status).Label() + "的条文"
	case q.AllVersions:
		scope = "所有版本的条文"
	}
	if len(r.LawFilter) > 0 {
		scope = "《" + strings.Join(shortest(r.LawFilter), "》《") + "》中" + scope
	}
	switch r.Scope {
	case "":
	case "全部":
		scope += "（含各省市地方性法规）"
	default:
		scope += "（含" + r.Scope + "地方性法规）"
	}
	defer printIndexSnapshot(w, r.Snapshot)
	if r.Notice != "" {
		fmt.Fprintf(w, "%s。\n", r.Notice)
	}
	if r.Lookup {
		for _, h := range r.Hits {
			fmt.Fprintln(w)
			printHit(w, h, fmt.Sprintf("《%s》%s", h.Law, h.Article), color)
			fmt.Fprintf(w, "   %s\n", h.Text)
		}
		return
	}
	if r.Total == 0 {
		fmt.Fprintf(w, "在%s中没有找到“%s”。\n", scope, q.Text)
		if !q.AllVersions && q.Status == "" {
			fmt.Fprintln(w, "可加 --all-versions 检索已修改或已废止的版本，或换用其他说法。")
		}
		return
	}
	total := fmt.Sprintf("%d", r.Total)
	if !r.Exact {
		total = "至少 " + total
	}
	fmt.Fprintf(w, "在%s中检索“%s”：共 %s 条，显示第 %d–%d 条\n", scope, q.Text, total, r.From+1, r.From+len(r.Hits))
	for i, h := range r.Hits {
		fmt.Fprintln(w)
		printHit(w, h, fmt.Sprintf("%d. 《%s》%s", r.From+i+1, h.Law, h.Article), color)
		for _, frag := range h.Fragments {
			fmt.Fprintf(w, "   %s\n", plainFragment(frag, color))
		}
	}
	if r.From+len(r.Hits) < int(r.Total) {
		fmt.Fprintf(w, "\n还有更多结果：加 --page %d 查看下一页。\n", r.From/max(len(r.Hits), 1)+2)
	}
}

// printHit writes a hit's title line, with its level, place, status and
// version, and its chapter.
func printHit(w io.Writer, h index.Hit, title string, color bool) {
	meta := []string{}
	if h.Level != "" {
		meta = append(meta, h.Level)
	}
	if h.Region != "" {
		meta = append(meta, h.Region)
	}
	meta = append(meta, corpus.Status(h.Status).Label())
	if h.Version != "" {
		meta = append(meta, h.Version+" 版")
	}
	m := "〔" + strings.Join(meta, " · ") + "〕"
	if color {
		fmt.Fprintf(w, "%s%s%s %s%s%s\n", ansiBold, title, ansiReset, ansiDim, m, ansiReset)
	} else {
		fmt.Fprintf(w, "%s %s\n", title, m)
	}
	if h.Chapter != "" {
		fmt.Fprintf(w, "   %s\n", h.Chapter)
	}
}

// printIndexSnapshot warns that the index holds texts up to its snapshot.
func printIndexSnapshot(w io.Writer, snapshot string) {
	if snapshot != "" {
		fmt.Fprintf(w, "\n注：法律库收录的最新文本为 %s 版，此后公布的修改未收录，请以国家法律法规数据库（flk.npc.gov.cn）的最新文本为准。\n", snapshot)
	}
}

// plainFragment turns an HTML fragment into terminal text: marks become
// colour on a terminal and 【】 elsewhere, entities are decoded.
func plainFragment(frag string, color bool) string {
	open, close := "【", "】"
	if color {
		open, close = ansiMark, ansiReset
	}
	frag = strings.ReplaceAll(frag, index.MarkStart, "\x00")
	frag = strings.ReplaceAll(frag, index.MarkEnd, "\x01")
	frag = html.UnescapeString(frag)
	frag = strings.ReplaceAll(frag, "\x00", open)
	return strings.ReplaceAll(frag, "\x01", close)
}

// shortest keeps, of a law's full and short names, the short one.
func shortest(names []string) []string {
	var out []string
	for _, n := range names {
		dup := false
		for _, o := range names {
			if o != n && strings.HasSuffix(n, o) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, n)
		}
	}
	return out
}
