// 受理 form: show only the fields of the chosen service type (a static file: the content-security policy runs no
// inline script).
document.addEventListener("DOMContentLoaded", function () {
  var select = document.querySelector('#request-form [name=service_type]');
  function sync() {
    document.querySelectorAll('#request-form [data-types]').forEach(function (input) {
      var show = input.dataset.types.split(' ').indexOf(select.value) >= 0;
      var box = input.closest('.mb-3') || input.parentNode;
      box.style.display = show ? '' : 'none';
    });
  }
  var harm = document.getElementById('id_harm_suspected');
  if (harm) { harm.dataset.types = 'missing_person'; }
  if (select) { select.addEventListener('change', sync); sync(); }
});
