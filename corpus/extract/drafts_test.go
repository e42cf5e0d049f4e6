package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot walks up to the directory holding go.mod.
func repoRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the package")
		}
		dir = parent
	}
}

// TestDrafts: the demo drafts that `lawreview review` and the README use
// extract with their articles and with the problems buried in them.
func TestDrafts(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "testdata", "drafts")
	tests := []struct {
		file     string
		format   string
		title    string
		articles int
		present  []string
	}{
		{"村规民约-自动编号.docx", "docx", "青山村村规民约", 20, []string{"第十四条　本村出嫁女户口未迁出的，不再享有村集体收益分配", "违者罚款200元", "村民代表会议讨论通过"}},
		{"规范性文件.pdf", "pdf", "柳河镇农村建房和农家乐经营管理暂行办法（征求意见稿）", 16, []string{"申请取得《柳河镇农家乐经营许可证》", "并处二千元以上五千元以下罚款"}},
		{"决定-GBK.txt", "txt", "柳河镇人民政府关于调整镇农村集体经济发展领导小组成员的决定", 0, []string{"扣减村干部当年绩效报酬的30%", "一律予以取缔"}},
		{"居民公约.md", "md", "柳河镇幸福里社区居民公约", 0, []string{"由社区居民委员会处以100元罚款"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := File(filepath.Join(dir, tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, doc)
			if doc.Format != tt.format || doc.Title != tt.title {
				t.Errorf("format %q title %q, want %q %q", doc.Format, doc.Title, tt.format, tt.title)
			}
			n := 0
			for _, p := range doc.Paragraphs {
				if p.Kind == KindArticle {
					n++
				}
			}
			if n != tt.articles {
				t.Errorf("%d articles, want %d", n, tt.articles)
			}
			for _, s := range tt.present {
				if !strings.Contains(doc.Text, s) {
					t.Errorf("text lacks %q", s)
				}
			}
		})
	}
}
