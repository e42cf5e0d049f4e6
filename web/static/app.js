// 法审助手: small progressive enhancements. Every action also works as a
// plain form; this file only adds drag and drop, type detection, jumping
// between highlights and findings, and adding a finding on selected text.
(function () {
  "use strict";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function csrf() { var i = $('input[name="csrf_token"]'); return i ? i.value : ""; }

  // Drag and drop on every dropzone.
  $all(".dropzone").forEach(function (dz) {
    var input = $("input[type=file]", dz), label = $(".dz-file", dz);
    ["dragenter", "dragover"].forEach(function (ev) { dz.addEventListener(ev, function (e) { e.preventDefault(); dz.classList.add("over"); }); });
    ["dragleave", "drop"].forEach(function (ev) { dz.addEventListener(ev, function () { dz.classList.remove("over"); }); });
    dz.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; input.dispatchEvent(new Event("change")); }
    });
    input.addEventListener("change", function () {
      if (label) label.textContent = input.files.length ? "已选择：" + input.files[0].name : "";
    });
  });

  // Upload form: detect title and type as soon as a file is chosen and
  // show the clerk what was detected; the form is marked confirmed only
  // then (without the mark the server asks on a page of its own).
  var uf = $("#upload-form");
  if (uf) {
    var file = $("#file"), title = $("#title"), type = $("#type"), hint = $("#type-hint"), confirmed = $("#type_confirmed");
    file.addEventListener("change", function () {
      confirmed.value = "";
      hint.classList.remove("notice");
      if (!file.files.length) return;
      var fd = new FormData();
      fd.append("file", file.files[0]);
      hint.textContent = "正在识别…";
      fetch(uf.dataset.detect, { method: "POST", body: fd, headers: { "X-CSRF-Token": csrf() }, credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (res) {
          if (!res.ok) { hint.textContent = res.j.error || "无法识别该文件"; return; }
          if (!title.value && res.j.title) title.value = res.j.title;
          if (res.j.type && type.value === "auto") { type.value = res.j.type; }
          if (res.j.uncertain) {
            // The notice is the review's, in the future: nothing is checked yet.
            hint.textContent = "文件类型未能确定，按“其他”提交将按全部规则检查" + (res.j.likely_type ? "；从内容看最接近" + res.j.likely_type : "") +
              "。系统识别为：" + res.j.type + "，如知道文件类型请选择";
            hint.classList.add("notice");
          } else {
            hint.textContent = "系统识别为：" + res.j.type + "，请确认，如不正确请修改";
          }
          confirmed.value = "1";
        })
        .catch(function () { hint.textContent = "识别失败，可手动选择类型，提交后请确认"; });
    });
  }

  // Review page: highlights <-> finding cards.
  var text = $("#doctext");
  function showFinding(id) {
    var card = document.getElementById("f" + id);
    if (!card) return;
    $all(".finding.target").forEach(function (c) { c.classList.remove("target"); });
    card.classList.add("target");
    card.scrollIntoView({ behavior: "smooth", block: "center" });
  }
  function showMark(id) {
    var marks = $all("mark[data-f]", text).filter(function (m) { return (" " + m.dataset.f + " ").indexOf(" " + id + " ") >= 0; });
    if (!marks.length) return;
    marks[0].scrollIntoView({ behavior: "smooth", block: "center" });
    marks.forEach(function (m) { m.classList.add("flash-on"); setTimeout(function () { m.classList.remove("flash-on"); }, 1600); });
  }
  if (text) {
    text.addEventListener("click", function (e) {
      var m = e.target.closest("mark[data-f]");
      if (m && window.getSelection().isCollapsed) showFinding(m.dataset.first);
    });
    $all("[data-jump]").forEach(function (a) {
      a.addEventListener("click", function (e) { e.preventDefault(); showMark(a.dataset.jump); });
    });
    if (location.hash && /^#f\d+$/.test(location.hash)) { showFinding(location.hash.slice(2)); }

    // Selecting text: compute rune offsets from the data-start of the
    // enclosing segment (JS strings count UTF-16 units, the server runes).
    var form = $("#addfinding");
    function runeLen(s) { return Array.from(s).length; }
    function offsetOf(node, off) {
      var el = node.nodeType === 3 ? node.parentElement : node;
      var seg = el && el.closest("[data-start]");
      if (!seg || !text.contains(seg)) return -1;
      var base = parseInt(seg.dataset.start, 10);
      if (node.nodeType === 3) return base + runeLen(node.data.slice(0, off));
      return base;
    }
    if (form) {
      document.addEventListener("mouseup", function () {
        var sel = window.getSelection();
        if (!sel.rangeCount || sel.isCollapsed) return;
        var r = sel.getRangeAt(0);
        if (!text.contains(r.commonAncestorContainer)) return;
        var a = offsetOf(r.startContainer, r.startOffset), b = offsetOf(r.endContainer, r.endOffset);
        if (a < 0 || b <= a) return;
        $("#af-start").value = a; $("#af-end").value = b;
        $("#af-quote").textContent = sel.toString();
        form.hidden = false;
      });
      $("#af-cancel").addEventListener("click", function () { form.hidden = true; });
    }
  }

  // Conclusion: the opinion lists the accepted findings itself (存在的问题及
  // 修改建议), so the reviewer's words only follow the conclusion; this
  // inserts the standard sentence of the chosen conclusion to start from.
  var ins = $("#insert-standard");
  if (ins) {
    ins.addEventListener("click", function () {
      var ta = $("#opinion"), c = $('input[name="conclusion"]:checked');
      if (!c) { alert("请先选择审查结论"); return; }
      var t = $all("#standard-sentences [data-conclusion]").filter(function (s) { return s.dataset.conclusion === c.value; })[0];
      if (!t) return;
      ta.value = (ta.value ? ta.value.replace(/\s+$/, "") + "\n" : "") + t.textContent;
      ta.focus();
    });
  }

  // Upload form: a meeting date before today asks for a confirmation.
  var md = $("#meeting_date"), past = $("#past-meeting");
  if (md && past && md.dataset.today) {
    var confirmBox = $("#confirm_past_meeting");
    var check = function () {
      var isPast = md.value !== "" && md.value < md.dataset.today;
      past.hidden = !isPast;
      confirmBox.required = isPast;
      if (!isPast) confirmBox.checked = false;
    };
    md.addEventListener("change", check);
    md.addEventListener("input", check);
    check();
  }

  // PDF being made: poll its state, show the state's label, download it
  // when it is done.
  var ps = $("#pdf-state");
  if (ps && ps.dataset.poll) {
    var label = $("#pdf-state-label"), msg = $("#pdf-state-msg"), ready = $("#pdf-ready");
    var poll = function () {
      fetch(ps.dataset.poll, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (j.error) { label.textContent = "生成失败"; msg.textContent = j.error; return; }
          label.textContent = j.state_label;
          ps.dataset.state = j.state;
          if (j.message) msg.textContent = j.message;
          if (j.ready) {
            msg.textContent = "已生成，正在下载。如未开始下载，请点击下面的链接。";
            ready.hidden = false;
            location.href = j.url;
            return;
          }
          if (j.state === "running") setTimeout(poll, 1500);
          else $("#pdf-retry").hidden = false;
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    if (ps.dataset.state === "running") setTimeout(poll, 1000);
  }

  $all("[data-back]").forEach(function (b) { b.addEventListener("click", function () { history.back(); }); });
  $all("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
})();
