package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"strings"

	"lawreview/web/auth"
	"lawreview/web/storage"

	"lawreview/web/workflow"
)

func init() {
	register(&command{name: "user", summary: "管理网页工作台账号（add 新建、passwd 重置密码、unlock 解除登录锁定、list 列出）", run: runUser})
}

const userAbout = `
子命令：
  add     新建账号。--role 取 clerk（经办人）、reviewer（审查人）、adviser（法律顾问）、admin（管理员）；
          经办人须用 --township 指定所属镇（街道），审查人须用 --office 指定司法所。
          镇（街道）或司法所不存在时加 --create 一并创建。不给密码时生成随机密码并显示一次。
  passwd  重置账号密码（生成随机密码并显示一次）。
  unlock  解除登录锁定：--name 解除账号因密码错误次数过多而被锁定的状态，
          --address 解除某个 IP 地址的锁定（两者可同时给出）。
  list    列出全部账号。

设置了 $LAWREVIEW_DB（如多台服务器共用的 postgres://…）时管理其中的账号，否则管理数据目录中的 lawreview.db。

示例：
  lawreview user add --name zhangmin --display 张敏 --role clerk --township 东湖镇
  lawreview user add --name wangjg --display 王建国 --role reviewer --office 城关司法所 --create
  lawreview user passwd --name zhangmin
  lawreview user unlock --name zhangmin`

func runUser(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		f := newFlags("user", "lawreview user add|passwd|unlock|list [参数]", userAbout, stderr)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			f.printUsage(stdout)
			return exitOK
		}
		f.printUsage(stderr)
		return exitUsage
	}
	sub := args[0]
	f := newFlags("user "+sub, "lawreview user "+sub+" [参数]", userAbout, stderr)
	name := f.String("name", "", "用户名（登录名）")
	display := f.String("display", "", "姓名（显示用，默认同用户名）")
	role := f.String("role", "", "角色：clerk、reviewer、adviser、admin")
	township := f.String("township", "", "所属镇（街道）名称（经办人）")
	office := f.String("office", "", "所属司法所名称（审查人）")
	create := f.Bool("create", false, "镇（街道）或司法所不存在时创建")
	pwStdin := f.Bool("password-stdin", false, "从标准输入读取密码（一行），不生成随机密码")
	address := f.String("address", "", "unlock：要解除锁定的 IP 地址")
	if _, code, ok := f.parse(args[1:]); !ok {
		return code
	}
	data, err := f.dataDir()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	db, err := openStore(dbAddress("", data))
	if err != nil {
		fmt.Fprintf(stderr, "打开数据库失败：%v\n", err)
		return exitUsage
	}
	defer db.Close()
	ctx := context.Background()
	switch sub {
	case "add":
		if *name == "" || *role == "" {
			fmt.Fprintln(stderr, "请用 --name 指定用户名，用 --role 指定角色。")
			return exitUsage
		}
		in := workflow.UserInput{Username: *name, DisplayName: *display, Role: storage.Role(*role)}
		if *township != "" {
			if in.TownshipID, err = townshipID(ctx, db, *township, *office, *create); err != nil {
				fmt.Fprintln(stderr, err)
				return exitUsage
			}
		}
		if *office != "" && in.Role == storage.RoleReviewer {
			if in.OfficeID, err = officeID(ctx, db, *office, *create); err != nil {
				fmt.Fprintln(stderr, err)
				return exitUsage
			}
		}
		if *pwStdin {
			if in.Password, err = readPassword(os.Stdin); err != nil {
				fmt.Fprintln(stderr, err)
				return exitUsage
			}
		}
		_, pw, err := workflow.CreateUser(ctx, db, in)
		if err != nil {
			fmt.Fprintln(stderr, userError(err))
			return exitUsage
		}
		fmt.Fprintf(stdout, "已创建账号 %s（%s）\n", *name, in.Role.Label())
		if !*pwStdin {
			fmt.Fprintf(stdout, "初始密码：%s（只显示这一次，请转告本人并提醒登录后修改）\n", pw)
		}
		return exitOK
	case "passwd":
		u, err := db.UserByName(ctx, *name)
		if err != nil {
			fmt.Fprintf(stderr, "账号 %s 不存在\n", *name)
			return exitUsage
		}
		pw := auth.GeneratePassword()
		if *pwStdin {
			if pw, err = readPassword(os.Stdin); err != nil {
				fmt.Fprintln(stderr, err)
				return exitUsage
			}
		}
		if err := workflow.SetPassword(ctx, db, u.ID, pw); err != nil {
			fmt.Fprintf(stderr, "重置密码失败：%s\n", userError(err))
			return exitUsage
		}
		fmt.Fprintf(stdout, "已重置 %s 的密码，该账号的登录会话已全部失效。\n", *name)
		if !*pwStdin {
			fmt.Fprintf(stdout, "新密码：%s（只显示这一次）\n", pw)
		}
		return exitOK
	case "unlock":
		if *name == "" && *address == "" {
			fmt.Fprintln(stderr, "请用 --name 指定账号，或用 --address 指定 IP 地址。")
			return exitUsage
		}
		if *name != "" {
			if _, err := db.UserByName(ctx, *name); err != nil {
				fmt.Fprintf(stderr, "账号 %s 不存在\n", *name)
				return exitUsage
			}
			n, err := db.UnlockLogin(ctx, workflow.AccountKey(*name))
			if err != nil {
				fmt.Fprintf(stderr, "解除锁定失败：%v\n", err)
				return exitUsage
			}
			fmt.Fprintf(stdout, "已解除账号 %s 的登录锁定（清除 %d 次失败记录），可立即登录。\n", *name, n)
		}
		if *address != "" {
			n, err := db.UnlockLogin(ctx, workflow.AddressKey(*address))
			if err != nil {
				fmt.Fprintf(stderr, "解除锁定失败：%v\n", err)
				return exitUsage
			}
			fmt.Fprintf(stdout, "已解除地址 %s 的登录锁定（清除 %d 次失败记录）。\n", *address, n)
		}
		return exitOK
	case "list":
		us, err := db.ListUsers(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "读取账号失败：%v\n", err)
			return exitUsage
		}
		for _, u := range us {
			state := ""
			if u.Disabled {
				state = "（已停用）"
			}
			fmt.Fprintf(stdout, "%-16s %-10s %-6s %s%s%s\n", u.Username, u.DisplayName, u.Role.Label(), u.TownshipName, u.OfficeName, state)
		}
		return exitOK
	}
	fmt.Fprintf(stderr, "未知子命令：%s（可选 add、passwd、unlock、list）\n", sub)
	return exitUsage
}

func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("读取密码失败：%w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if len([]rune(pw)) < auth.MinPasswordLen {
		return "", auth.ErrWeakPassword
	}
	return pw, nil
}

func userError(err error) string {
	var we *workflow.Error
	if errors.As(err, &we) {
		return we.Msg
	}
	return err.Error()
}

func officeID(ctx context.Context, db storage.Store, name string, create bool) (int64, error) {
	os, err := db.ListOffices(ctx)
	if err != nil {
		return 0, err
	}
	var names []string
	for _, o := range os {
		if o.Name == name {
			return o.ID, nil
		}
		names = append(names, o.Name)
	}
	if !create {
		return 0, fmt.Errorf("司法所「%s」不存在（现有：%s）。加 --create 可一并创建", name, listOrNone(names))
	}
	return db.CreateOffice(ctx, name)
}

func townshipID(ctx context.Context, db storage.Store, name, office string, create bool) (int64, error) {
	ts, err := db.ListTownships(ctx)
	if err != nil {
		return 0, err
	}
	var names []string
	for _, t := range ts {
		if t.Name == name {
			return t.ID, nil
		}
		names = append(names, t.Name)
	}
	if !create {
		return 0, fmt.Errorf("镇（街道）「%s」不存在（现有：%s）。加 --create 可一并创建", name, listOrNone(names))
	}
	var oid int64
	if office != "" {
		if oid, err = officeID(ctx, db, office, true); err != nil {
			return 0, err
		}
	}
	return db.CreateTownship(ctx, name, oid)
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "无"
	}
	return strings.Join(names, "、")
}
