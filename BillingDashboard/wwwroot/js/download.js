// Starts a file download in the browser's own download manager, without leaving the page (and its circuit).
export function start(url) {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  document.body.appendChild(link);
  link.click();
  link.remove();
}
