//go:build ignore

// gendefault writes the default corpus (corpus/default) from the official
// texts in the full collection: the chosen articles of the current version
// of each law, whole, with the law's title, history and headings, in the
// collection's own Markdown layout, plus meta.tsv with level and dates.
//
// Run from the corpus directory:
//
//	go run gendefault.go ../../shared/corpus/laws
//
// default_test.go then checks every article against the collection.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"lawreview/corpus"
)

// selection lists, per law, the articles township legality reviews cite
// most (see /work/shared/docs/review-checklist.md): the provisions on who may
// create penalties, licences, coercive measures and fees, villagers' and
// women's rights, land, marriage, competition and decision procedure.
var selection = []struct {
	law      string
	articles string
}{
	{"宪法", "4,5,10,13,33-51,105,107,111"},
	{"立法法", "11,12,61,80-82,91-93,98-107,109"},
	{"行政处罚法", "2-25,33,38,44,45,63,74"},
	{"行政许可法", "2-5,8,12-17,58"},
	{"行政强制法", "2-5,9-13,16-18,43,44"},
	{"村民委员会组织法", "2,4,5,8,13,21-36"},
	{"城市居民委员会组织法", "2-4,8,15-17,20"},
	{"妇女权益保障法", "2,32,53-61,75"},
	{"农村土地承包法", "4-8,16,19-21,24-31,36-39,52,57,58,60"},
	{"土地管理法", "2,4,9-11,37,44-48,55,61-66"},
	{"民法典", "3-8,10,109-111,130,143,144,153,154,207,260-265,497,498,506,585,681,683,705,990,1024,1032-1034,1041,1042,1046,1260"},
	{"地方各级人民代表大会和地方各级人民政府组织法", "12,61,62,73-77"},
	{"重大行政决策程序暂行条例", "2-4,14-33"},
	{"优化营商环境条例", "5,10-13,20,25,43,44,61-65,69"},
	{"公平竞争审查条例", "2,8-13"},
	// (Round 48a, t35c1.) 第五十条: township and county 通告 on reservoirs,
	// fishing and land restate its 阻碍国家机关工作人员依法执行职务 clause
	// (处警告或者二百元以下罚款); nd-penalty's cited_law reads the range here.
	// (Round 48b.) 第一百一十九条 names the 治安管理处罚条例 it repealed.
	{"治安管理处罚法", "2,3,5,9,40,42,50,91,119"},
	{"人口与计划生育法", "17-23"},
	{"老年人权益保障法", "13-25"},
	{"未成年人保护法", "3,4,17,27-29"},
	{"义务教育法", "2,4,5,11-14"},
	{"人民调解法", "2-4"},
	{"反垄断法", "39-45"},
	{"行政诉讼法", "2,12,13"},
	{"信访工作条例", "6,17,18,26,46,47"},
	{"招标投标法", "3-6,18,20"},
	{"招标投标法实施条例", "26,32,57,58"},
	// (Round 23.) 强制火化, 起尸, 平坟: 第二十条 (as revised in 2012, without
	// 强制执行) gives 民政部门 only 责令限期改正; 第六条 the minorities' customs.
	{"殡葬管理条例", "2,4,6,10,14,15,20,21"},
	{"政府采购法实施条例", "20,33,34,48"},
	{"保障中小企业款项支付条例", "13"},
	{"国有土地上房屋征收与补偿条例", "2,17"},
	{"残疾人保障法", "3"},
	{"精神卫生法", "5"},
	{"价格法", "6,11-13,18-20"},
	{"预算法", "35,56"},
	// (Round 47c.) 幼林地放牧 in 封山禁牧 notices: 第七十四条第二款's own order.
	{"森林法", "37,74"},
	// (Round 42f.) 秸秆、垃圾露天焚烧: a county or township notice that cites
	// the law restates 第一百一十九条第二款's own fine (五百元以上二千元以下),
	// which nd-penalty's cited_law exception can read only if the law is here.
	// (Round 47c.) 禁煤 and 秸秆禁烧 notices restate the 禁燃区 and 禁烧 duties
	// (第三十八条, 第七十七条) and their sanctions (第一百零三条, 第一百零七条).
	{"大气污染防治法", "38,77,103,107,119"},
	// (Round 46v, gfxwj-5416.) 禁放 notices cite the 条例 and restate 第四十二条's
	// own fine (一百元以上五百元以下) for letting fireworks off where banned.
	{"烟花爆竹安全管理条例", "42"},
	// (Round 47d.) Everyday township and county notices — 饮用水水源, 禁渔,
	// 河道 and 采砂, 公路 and 超载, 生活垃圾 and 建筑垃圾 — cite these laws and
	// restate their duties and their own fines with the organ they name;
	// nd-penalty's cited_law exception can tell a restated range from a
	// fine of the notice's own only if the built-in library holds them.
	// (Round 47c.) So do campaign notices — 森林防火 戒严令, 禁牧, 禁渔,
	// 兵役登记, 防汛 转移, 垃圾分类.
	{"水污染防治法", "64-66,84,91"},
	{"渔业法", "30,38,41,48"},
	{"公路法", "46,76,77"},
	{"道路交通安全法", "48,92"},
	{"水法", "39,65"},
	{"河道管理条例", "25,44"},
	{"固体废物污染环境防治法", "49,111"},
	{"森林防火条例", "25,48-53"},
	{"草原法", "47,67"},
	{"长江保护法", "53"},
	{"兵役法", "15,57"},
	{"防洪法", "45"},
	// Cited by the public precedent bank (review/precedent/bank): a
	// precedent finding shows the text of its basis.
	{"农村集体经济组织法", "8,11-13,17,18"},
	{"基本医疗卫生与健康促进法", "32"},
	{"户口登记条例", "6"},
	{"刑法", "3"},
	{"政府采购法", "5,22"},
	{"仲裁法", "3,16,18"},
	{"最高人民法院关于审理行政协议案件若干问题的规定", "14,26"},
	{"最高人民法院关于适用《中华人民共和国仲裁法》若干问题的解释", "6,7"},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "用法：go run gendefault.go <法律库目录>")
		os.Exit(2)
	}
	c, _, err := corpus.Load(os.Args[1])
	if err != nil {
		fail(err)
	}
	if err := os.RemoveAll("default"); err != nil {
		fail(err)
	}
	meta := []string{"path\tname\tlevel\tpublished\tin_force_from\texpired"}
	total := 0
	for _, s := range selection {
		law, err := c.Resolve(s.law, time.Time{})
		if err != nil {
			fail(err)
		}
		if law.Status != corpus.StatusCurrent {
			fail(fmt.Errorf("%s: status %s, want current", law.ID, law.Status))
		}
		nums, err := parseRanges(s.articles)
		if err != nil {
			fail(fmt.Errorf("%s: %w", s.law, err))
		}
		var b strings.Builder
		fmt.Fprintf(&b, "# %s\n\n", law.Name)
		for _, h := range law.History {
			fmt.Fprintf(&b, "%s\n\n", h.Text)
		}
		b.WriteString("<!-- 法审助手内置法律库：节选常用条文，条文全文照录官方文本 -->\n\n<!-- INFO END -->\n")
		var open []string
		for _, n := range nums {
			a := law.Article(n, 0)
			if a == nil {
				fail(fmt.Errorf("%s has no article %d", law.ID, n))
			}
			if strings.Join(a.Chapters, "\x00") != strings.Join(open, "\x00") {
				// An empty heading closes all open ones, so that the new
				// path is read as written whatever the ranks involved.
				if len(open) > 0 {
					b.WriteString("\n##\n")
				}
				for i, h := range a.Chapters {
					fmt.Fprintf(&b, "\n%s %s\n", strings.Repeat("#", i+2), h)
				}
				open = a.Chapters
			}
			fmt.Fprintf(&b, "\n%s %s\n", a.Label, firstLine(a.Text))
			for _, line := range strings.Split(a.Text, "\n")[1:] {
				fmt.Fprintf(&b, "\n%s\n", line)
			}
			total++
		}
		// go:embed refuses file names with 《》 (a judicial interpretation
		// names the law it applies); the name itself is in meta.tsv.
		file := strings.NewReplacer("《", "", "》", "").Replace(law.ShortName)
		rel := fmt.Sprintf("%s/%s(%s).md", law.Category, file, law.Published.Format(time.DateOnly))
		path := filepath.Join("default", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			fail(err)
		}
		meta = append(meta, strings.Join([]string{rel, law.ShortName, law.Level,
			day(law.Published), day(law.InForceFrom), "0"}, "\t"))
		fmt.Printf("%s\t%d 条\n", law.ID, len(nums))
	}
	if err := os.WriteFile(filepath.Join("default", "meta.tsv"), []byte(strings.Join(meta, "\n")+"\n"), 0o644); err != nil {
		fail(err)
	}
	fmt.Printf("共 %d 部法律，%d 条\n", len(selection), total)
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// parseRanges reads "5,33-51,107" into sorted article numbers.
func parseRanges(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil {
				return nil, err
			}
		}
		for n := a; n <= b; n++ {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gendefault:", err)
	os.Exit(1)
}
