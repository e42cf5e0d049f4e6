package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"lawreview/index"
	"lawreview/review"
	"lawreview/review/opinion"
	"lawreview/web"
	"lawreview/web/files"
	"lawreview/web/storage/postgres"
	"lawreview/web/workflow"
)

func init() {
	register(&command{name: "serve", summary: "启动网页工作台（经办人提交、司法所审查签发）", run: runServe})
}

const serveAbout = `
启动法审助手网页工作台。数据目录中保存：
  lawreview.db   数据库（账号、文件记录、审查意见、审计日志）
  files/         上传的原始文件（按 SHA-256 命名）
  index/         法律检索索引（首次启动时自动建立）
首次启动会创建管理员账号 admin 并在终端显示一次性随机密码。

示例：
  lawreview serve --demo
  lawreview serve --addr 0.0.0.0:8080 --data /srv/lawreview`

func runServe(args []string, stdout, stderr io.Writer) int {
	f := newFlags("serve", "lawreview serve [参数]", serveAbout, stderr)
	addr := f.String("addr", "127.0.0.1:8080", "监听地址")
	demo := f.Bool("demo", false, "填充演示数据：三个司法所、八个镇街、各角色账号（含司法局）、过去一年的演示审查记录和几份示例草案，并显示登录信息")
	maxMB := f.Int64("max-upload-mb", 20, "上传文件大小上限（MB）")
	secure := f.Bool("secure-cookies", false, "Cookie 只经 HTTPS 发送（在 HTTPS 反向代理之后运行时打开）")
	logJSON := f.Bool("log-json", false, "以 JSON 格式输出日志")
	province := f.String("province", os.Getenv("LAWREVIEW_PROVINCE"), "未设置所在省份的司法所按此省份检索地方性法规，如 浙江（默认 $LAWREVIEW_PROVINCE；各司法所的省份在系统管理中设置）")
	dbFlag := f.String("db", "", "数据库地址：postgres://… 为多台服务器共用的 PostgreSQL（默认 $LAWREVIEW_DB，否则数据目录中的 lawreview.db）")
	filesFlag := f.String("files", os.Getenv("LAWREVIEW_FILES"), "上传文件目录（默认 $LAWREVIEW_FILES，否则数据目录中的 files/；多台服务器时为共享目录）")
	proxy := f.String("trusted-proxy", "", "反向代理的地址（逗号分隔）；只信任这些地址转发的 X-Forwarded-For，用于审计日志和登录限制")
	if _, code, ok := f.parse(args); !ok {
		return code
	}
	data, err := f.dataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	var h slog.Handler = slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})
	if *logJSON {
		h = slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})
	}
	log := slog.New(h)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var proxies []string
	for _, p := range strings.Split(*proxy, ",") {
		if p = strings.TrimSpace(p); p != "" {
			proxies = append(proxies, p)
		}
	}
	if err := serve(ctx, serveOptions{data: data, db: dbAddress(*dbFlag, data), files: *filesFlag, addr: *addr, demo: *demo, maxUpload: *maxMB << 20, secure: *secure, proxies: proxies, province: *province}, log, stdout); err != nil {
		fmt.Fprintf(stderr, "网页工作台出错：%v\n", err)
		return exitUsage
	}
	return exitOK
}

type serveOptions struct {
	data, addr string
	db         string // database address (dbAddress); "" is <data>/lawreview.db
	files      string // upload directory; "" is <data>/files
	demo       bool
	maxUpload  int64
	secure     bool
	proxies    []string
	province   string // for offices without one
}

func serve(ctx context.Context, o serveOptions, log *slog.Logger, out io.Writer) error {
	if o.db == "" {
		o.db = filepath.Join(o.data, "lawreview.db")
	}
	db, err := openStore(o.db)
	if err != nil {
		return fmt.Errorf("打开数据库 %s 失败：%w", showAddress(o.db), err)
	}
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("close database", "error", err)
		}
	}()
	filesDir := o.files
	if filesDir == "" {
		filesDir = filepath.Join(o.data, "files")
	}
	fstore, err := files.Open(filesDir)
	if err != nil {
		return err
	}
	ist := index.NewStore(o.data)
	// A new binary's default corpus or laws imported again: the index is
	// rebuilt below, before the server listens.
	ist.Notice = func(msg string) { log.Warn(msg) }
	if done, err := ist.UpgradeSnapshot(); err != nil {
		return fmt.Errorf("转换导入的法律库失败：%w", err)
	} else if done {
		log.Info("imported corpus converted from imported.gob to the snapshot format (once)")
	}
	laws, err := ist.Corpus()
	if err != nil {
		return fmt.Errorf("读取法律库失败：%w", err)
	}
	start := time.Now()
	ix, err := ist.Open(laws, nil)
	if err != nil {
		return fmt.Errorf("打开法律检索索引失败：%w", err)
	}
	defer func() {
		if err := ix.Close(); err != nil {
			log.Error("close index", "error", err)
		}
	}()
	log.Info("law index ready", "articles", ix.Articles(), "took", time.Since(start).Round(time.Millisecond))
	// built on the first search otherwise, which waited ~15 ms for it
	// (docs/performance.md, stage 5); beside the loading below
	prepared := make(chan struct{})
	var prepErr error
	go func() {
		defer close(prepared)
		prepErr = ix.Prepare()
	}()
	defer func() { <-prepared }() // before the index closes
	engine, err := review.New(review.Config{Laws: laws, Related: ix})
	if err != nil {
		return fmt.Errorf("加载审查规则失败：%w", err)
	}
	precs, err := openPrecedents(ctx, o.data, db, log) // precedent.go
	if err != nil {
		return err
	}
	defer precs.Close()
	// The indexes are open (a second server on this directory would have
	// failed above): no upload is in flight, so unreferenced files are
	// leftovers of a killed process.
	if n, err := workflow.SweepFiles(ctx, db, fstore); err != nil {
		return fmt.Errorf("清理上传文件目录失败：%w", err)
	} else if n > 0 {
		log.Info("removed files no record references", "files", n)
	}
	fopt, err := workflow.FinderOptions(engine.Grave)
	if err != nil {
		return err
	}
	// One printer for the server: one headless browser kept running while
	// opinions are signed, stopped when idle and at shutdown.
	printer := opinion.NewPrinter(opinion.PrinterOptions{})
	flow := workflow.New(workflow.Config{Store: db, Files: fstore, Engine: workflow.NewEngine(engine), Laws: laws, Search: workflow.NewSearcher(ix),
		Opinion: workflow.DocxOpinion{Printer: printer}, Logger: log, MaxUpload: o.maxUpload, Precedents: precs,
		Finders: workflow.NewPrecedentFinders(db, fopt), Province: o.province})
	defer func() {
		// Running PDFs fail with the printer; their keepers finish before
		// the store they write to closes.
		printer.Close()
		wctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		flow.Wait(wctx)
	}()
	srv, err := web.New(web.Config{Workflow: flow, SecureCookies: o.secure, TrustedProxies: o.proxies})
	if err != nil {
		return err
	}
	if err := workflow.EnsureAdmin(ctx, db, out); err != nil {
		return err
	}
	// Precedents signed or imported elsewhere (other nodes, the command
	// line) become searchable here within seconds.
	// It stops, and is waited for, before the precedent index closes.
	fctx, stopFollow := context.WithCancel(ctx)
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		flow.FollowPrecedents(fctx, workflow.FollowEvery)
	}()
	defer func() {
		stopFollow()
		<-followed
	}()
	if o.demo {
		logins, err := flow.SeedDemo(ctx)
		if err != nil {
			return fmt.Errorf("填充演示数据失败：%w", err)
		}
		fmt.Fprintln(out, "演示账号（密码每次以 --demo 启动时重新生成）：")
		for _, l := range logins {
			fmt.Fprintf(out, "  %-10s 密码 %s  %s（%s%s）\n", l.Username, l.Password, l.Name, l.Role, placeSuffix(l.Place))
		}
	}
	if <-prepared; prepErr != nil {
		return fmt.Errorf("打开法律检索索引失败：%w", prepErr)
	}
	// A clause search meeting a common word decoded its postings on the
	// spot (应当: 34 ms), the slowest searches of a fresh server
	// (docs/performance.md, stage 13): the commonest words' postings are
	// decoded now, on one goroutine beside the first requests, and the
	// warming stops before the index closes.
	wctx, stopWarm := context.WithCancel(ctx)
	warmed := make(chan struct{})
	go func() {
		defer close(warmed)
		t0 := time.Now()
		// first the tables every search writes by document number
		// (index.WarmTables: a few ms), then the postings (seconds)
		if err := ix.WarmTables(); err != nil {
			log.Warn("warm law index tables", "error", err)
		}
		if err := ix.WarmPostings(wctx); err != nil {
			if wctx.Err() == nil {
				log.Warn("warm law index", "error", err)
			}
			return
		}
		log.Info("law index warm", "took", time.Since(t0).Round(time.Millisecond))
		// After the warming, which wrote the pinned postings: the
		// dictionary and they are what a search after a pause pays for
		// page by page (hugepages_linux.go).
		t1 := time.Now()
		n, err := collapseHugePages(wctx)
		if err != nil {
			if wctx.Err() == nil {
				log.Warn("huge pages", "error", err)
			}
			return
		}
		log.Info("huge pages", "collapsed_mb", n>>20, "took", time.Since(t1).Round(time.Millisecond))
	}()
	defer func() {
		stopWarm()
		<-warmed
	}()
	return srv.Serve(ctx, o.addr, func(a net.Addr) {
		// Loading left garbage (building the first index, rules, the
		// precedent bank) that the collector would keep as headroom for
		// minutes; an idle office server should not hold it.
		debug.FreeOSMemory()
		fmt.Fprintf(out, "法审助手已启动：http://%s/  （按 Ctrl+C 停止）\n", a)
		fmt.Fprintf(out, "数据目录：%s\n", o.data)
		if postgres.IsDSN(o.db) {
			fmt.Fprintf(out, "数据库：%s\n", showAddress(o.db))
		}
	})
}

func placeSuffix(p string) string {
	if p == "" {
		return ""
	}
	return "，" + p
}
