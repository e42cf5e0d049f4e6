package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"lawreview/web/storage/postgres"
	"lawreview/web/storage/sqlite"
	"lawreview/web/storage/sqlstore"
)

func init() {
	register(&command{name: "db", summary: "数据库：升级结构（migrate）、在 SQLite 与 PostgreSQL 之间复制全部记录（copy）", run: runDB})
}

const dbAbout = `
子命令：
  migrate            把数据库结构升级到本程序的版本（服务启动时也会自动升级；多台服务器同时启动时只升级一次）
  copy --from 源 --to 目标
                     把源数据库的全部记录复制到新建的空目标数据库，再逐表核对行数和内容哈希、逐份核对已签发意见的 sha256

数据库地址：postgres://用户:密码@主机:5432/库名 为 PostgreSQL；sqlite://文件路径 或文件路径为 SQLite。
不写 --db 时用 $LAWREVIEW_DB，再没有时用数据目录中的 lawreview.db。

示例：
  lawreview db migrate --db postgres://lawreview:密码@db.example:5432/lawreview
  lawreview db copy --from sqlite:///srv/lawreview/lawreview.db --to postgres://lawreview:密码@db.example:5432/lawreview`

// dbAddress is the database a command uses: the --db flag, then
// $LAWREVIEW_DB, then the SQLite file in the data directory.
func dbAddress(flagValue, data string) string {
	if a := strings.TrimSpace(flagValue); a != "" {
		return a
	}
	if a := strings.TrimSpace(os.Getenv("LAWREVIEW_DB")); a != "" {
		return a
	}
	return filepath.Join(data, "lawreview.db")
}

// hasWorkplaceDB reports whether commands on data have a workplace
// database: a PostgreSQL address in $LAWREVIEW_DB, or an existing file.
func hasWorkplaceDB(data string) bool {
	a := dbAddress("", data)
	if postgres.IsDSN(a) {
		return true
	}
	_, err := os.Stat(strings.TrimPrefix(a, "sqlite://"))
	return err == nil
}

// openStore opens the database addr names, applying pending migrations.
func openStore(addr string) (*sqlstore.Store, error) {
	s, _, err := openMigrated(addr)
	return s, err
}

// openMigrated is openStore, also returning the migrations it applied.
func openMigrated(addr string) (*sqlstore.Store, []sqlstore.Migration, error) {
	if postgres.IsDSN(addr) {
		return postgres.OpenMigrated(addr)
	}
	path := strings.TrimPrefix(addr, "sqlite://")
	if path == "" {
		return nil, nil, fmt.Errorf("数据库地址 %q 没有文件路径", addr)
	}
	return sqlite.OpenMigrated(path)
}

// showAddress is addr for messages: a PostgreSQL address without its
// password.
func showAddress(addr string) string {
	if postgres.IsDSN(addr) {
		return postgres.Redact(addr)
	}
	return addr
}

func runDB(args []string, stdout, stderr io.Writer) int {
	f := newFlags("db", "lawreview db migrate|copy [参数]", dbAbout, stderr)
	db := f.String("db", "", "数据库地址（migrate 用；默认 $LAWREVIEW_DB，否则数据目录中的 lawreview.db）")
	from := f.String("from", "", "复制的源数据库地址（copy 用）")
	to := f.String("to", "", "复制的目标数据库地址，须为新建的空数据库（copy 用）")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		f.printUsage(stderr)
		return exitUsage
	}
	ctx := context.Background()
	switch pos[0] {
	case "migrate":
		data, err := f.dataDir()
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitUsage
		}
		return dbMigrate(ctx, dbAddress(*db, data), stdout, stderr)
	case "copy":
		if *from == "" || *to == "" {
			fmt.Fprintln(stderr, "请用 --from 指定源数据库，用 --to 指定目标数据库。")
			return exitUsage
		}
		if *from == *to {
			fmt.Fprintln(stderr, "源数据库与目标数据库相同。")
			return exitUsage
		}
		return dbCopy(ctx, *from, *to, stdout, stderr)
	}
	fmt.Fprintf(stderr, "未知的子命令：%s（可用：migrate、copy）\n", pos[0])
	return exitUsage
}

func dbMigrate(ctx context.Context, addr string, stdout, stderr io.Writer) int {
	st, applied, err := openMigrated(addr)
	if err != nil {
		fmt.Fprintf(stderr, "打开或升级数据库 %s 失败：%v\n", showAddress(addr), err)
		return exitUsage
	}
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "读取数据库结构版本失败：%v\n", err)
		return exitUsage
	}
	if len(applied) > 0 {
		names := make([]string, len(applied))
		for i, m := range applied {
			names[i] = m.Name
		}
		fmt.Fprintf(stdout, "已应用 %d 个迁移：%s\n", len(applied), strings.Join(names, "、"))
	}
	fmt.Fprintf(stdout, "数据库 %s 的结构已是最新（第 %04d 号迁移）。\n", showAddress(addr), v)
	return exitOK
}

func dbCopy(ctx context.Context, from, to string, stdout, stderr io.Writer) int {
	src, err := openStore(from)
	if err != nil {
		fmt.Fprintf(stderr, "打开源数据库 %s 失败：%v\n", showAddress(from), err)
		return exitUsage
	}
	defer src.Close()
	dst, err := openStore(to)
	if err != nil {
		fmt.Fprintf(stderr, "打开目标数据库 %s 失败：%v\n", showAddress(to), err)
		return exitUsage
	}
	defer dst.Close()
	if err := sqlstore.Copy(ctx, src, dst); err != nil {
		fmt.Fprintf(stderr, "复制失败，目标数据库未改动：%v\n", err)
		return exitUsage
	}
	a, err := src.Sums(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "核对源数据库失败：%v\n", err)
		return exitFindings
	}
	b, err := dst.Sums(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "核对目标数据库失败：%v\n", err)
		return exitFindings
	}
	fmt.Fprintf(stdout, "已复制 %s → %s\n", showAddress(from), showAddress(to))
	names := make([]string, 0, len(a.Tables))
	for n := range a.Tables {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(stdout, "  %-20s 源 %6d 行  目标 %6d 行  sha256 %s\n", n, a.Tables[n].Rows, b.Tables[n].Rows, a.Tables[n].Hash[:16])
	}
	if diffs := sqlstore.Compare(a, b); len(diffs) > 0 {
		fmt.Fprintln(stderr, "核对发现不一致（复制期间源数据库是否仍在使用？）：")
		for _, d := range diffs {
			fmt.Fprintf(stderr, "  %s：%s\n", d.Table, d.What)
		}
		return exitFindings
	}
	fmt.Fprintf(stdout, "核对一致：%d 张表行数与内容哈希相同，已签发意见 %d 份逐份 sha256 相同。\n", len(names), len(a.Opinions))
	return exitOK
}
