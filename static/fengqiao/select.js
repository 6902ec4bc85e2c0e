// 全选: the header checkbox of a list with batch actions ticks or clears every row's checkbox.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("select-all");
  if (!all) return;
  all.addEventListener("change", () => {
    document.querySelectorAll(".row-select").forEach((box) => { box.checked = all.checked; });
  });
});
