package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"lawreview/index"
)

func init() {
	register(&command{
		name:    "index",
		summary: "法律索引管理：lawreview index rebuild 重建，lawreview index info 查看",
		run:     runIndex,
	})
}

func runIndex(args []string, stdout, stderr io.Writer) int {
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "用法：lawreview index <操作> [参数]")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "操作：")
		fmt.Fprintln(w, "  rebuild  用内置法律库和已导入的法律重新建立法律索引，并从数据库重建先例检索索引")
		fmt.Fprintln(w, "  info     显示当前索引的位置和条文数量")
	}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(stdout)
		return exitOK
	case "rebuild":
		return runIndexRebuild(args[1:], stdout, stderr)
	case "info":
		return runIndexInfo(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "未知操作：index %s（可用：lawreview index --help）\n", args[0])
	return exitUsage
}

func runIndexRebuild(args []string, stdout, stderr io.Writer) int {
	f := newFlags("index rebuild", "lawreview index rebuild [--progress]", `
用内置法律库和已导入（lawreview corpus import）的法律重新建立法律索引。
平时无需运行：升级程序后内置法律库有变动，或导入的法律有改动时，
下一次检索、审查或启动服务会先自动重建。
新索引建在原索引旁边，建好后一次切换；重建期间检索和审查照常使用原索引，
中途失败或中断时原索引保持不变。
数据目录中有工作台数据库时，同时从数据库重建审查先例的检索索引
（与 lawreview precedent reindex 相同）。`, stderr)
	showProgress := f.Bool("progress", false, "显示进度")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "多余的参数：%s\n", trimmed(pos))
		return exitUsage
	}
	data, err := f.dataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var progress func(int, int)
	if *showProgress {
		progress = newProgress(stderr, "建立索引").update
	}
	start := time.Now()
	store := index.NewStore(data)
	if _, err := store.Rebuild(ctx, progress); err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "已中断：原有索引保持不变。")
		} else {
			fmt.Fprintf(stderr, "重建索引失败：%v\n", err)
		}
		return exitUsage
	}
	if err := printIndexInfo(stdout, store); err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "重建完成，用时 %s\n", humanDuration(time.Since(start)))
	// Precedents live in the workplace database; a data directory used only
	// from the command line has none, and nothing to rebuild. A node of a
	// shared database ($LAWREVIEW_DB) has its precedent index rebuilt too.
	if hasWorkplaceDB(data) {
		return precedentReindex(ctx, data, stdout, stderr)
	}
	return exitOK
}

func runIndexInfo(args []string, stdout, stderr io.Writer) int {
	f := newFlags("index info", "lawreview index info", "显示当前法律索引的位置、条文数量和占用空间。", stderr)
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "多余的参数：%s\n", trimmed(pos))
		return exitUsage
	}
	data, err := f.dataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	if err := printIndexInfo(stdout, index.NewStore(data)); err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	return exitOK
}
