// 考评与指标 charts (Apache ECharts, vendored under static/vendor/echarts): trend lines and the beat map.
// Data comes from json_script blocks in the page; nothing is fetched from another host.
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif';
  var charts = [];

  function trend(elId, dataId, dark) {
    var el = document.getElementById(elId), d = data(dataId);
    if (!el || !d || typeof echarts === "undefined") return;
    var chart = echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
    chart.setOption({
      backgroundColor: "transparent",
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 24 },
      xAxis: { type: "category", data: d.periods },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: d.series.map(function (s) { return { name: s.name, type: "line", data: s.data, connectNulls: true }; }),
    });
    charts.push(chart);
  }

  function beatMap(elId, dataId, dark) {
    var el = document.getElementById(elId), d = data(dataId);
    if (!el || !d || typeof echarts === "undefined") return;
    echarts.registerMap("beats", d.geojson);
    var chart = echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
    chart.setOption({
      backgroundColor: "transparent",
      textStyle: { fontFamily: FONT },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var c = (d.counts[p.name] || {});
          return p.name + "<br>" + d.labels.map(function (l) { return l[1] + "：" + (c[l[0]] || 0); }).join("<br>");
        },
      },
      visualMap: {
        min: 0, max: Math.max(1, d.max), left: 8, bottom: 8, text: [d.heat_high, d.heat_low],
        calculable: true, inRange: { color: ["#e0f3db", "#fdae61", "#d7191c"] }, textStyle: { color: dark ? "#ddd" : "#333" },
      },
      series: [{
        type: "map", map: "beats", roam: true, nameProperty: "name",
        label: { show: true, fontFamily: FONT, fontSize: 10, color: "#1b2a41" },
        data: d.heat,
      }],
    });
    chart.on("click", function (p) { var u = (d.links || {})[p.name]; if (u) window.location.href = u; });
    charts.push(chart);
  }

  window.fqCharts = { trend: trend, beatMap: beatMap };
  document.addEventListener("DOMContentLoaded", function () {
    var dark = document.body.classList.contains("fq-dashboard");
    trend("trend-chart", "trend-data", dark);
    beatMap("beat-map", "map-data", dark);
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    document.body.setAttribute("data-charts-ready", "1");
  });
})();
