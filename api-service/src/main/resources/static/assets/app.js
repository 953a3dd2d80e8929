// The try-it page: submits a capture with the user's API key, follows the job's
// Server-Sent Events (read with fetch, since EventSource cannot send the key), shows the
// image, its thumbnail and artifacts, and lists recent jobs. Plain JavaScript, no build step.
'use strict';

const $ = (id) => document.getElementById(id);
const TERMINAL = ['completed', 'failed', 'cancelled'];
let imageUrl = null;
let artifactUrls = [];

function apiKey() {
  return $('api-key').value.trim();
}

async function api(path, init = {}) {
  const headers = Object.assign({ Authorization: 'Bearer ' + apiKey() }, init.headers || {});
  return fetch(path, Object.assign({}, init, { headers }));
}

async function problemText(response) {
  try {
    const problem = await response.json();
    const fields = (problem.errors || []).map((e) => e.field + ' ' + e.message).join('; ');
    return (problem.detail || problem.title || response.statusText) + (fields ? ' (' + fields + ')' : '');
  } catch (e) {
    return response.status + ' ' + response.statusText;
  }
}

function request() {
  const body = { options: { format: $('format').value } };
  if (document.querySelector('input[name=source]:checked').value === 'html') {
    body.html = $('html').value;
  } else {
    body.url = $('url').value.trim();
  }
  if ($('device').value) body.options.device = $('device').value;
  if ($('full-page').checked) body.options.fullPage = true;
  if ($('dark').checked) body.options.colorScheme = 'dark';
  const artifacts = [...document.querySelectorAll('input[name=artifacts]:checked')].map((box) => box.value);
  if (artifacts.length) body.options.artifacts = artifacts;
  const thumbnailWidth = parseInt($('thumbnail-width').value, 10);
  if (thumbnailWidth > 0) body.options.thumbnail = { width: thumbnailWidth };
  const baseline = $('baseline').value.trim();
  if (baseline) body.compare = { baseline, autoCreate: $('create-baseline').checked };
  return body;
}

function showStep(event) {
  const item = document.createElement('li');
  const took = event.previousDurationMs != null ? ' (' + event.previousStatus + ' took ' + event.previousDurationMs + ' ms)' : '';
  item.textContent = event.status + (event.attempt ? ', attempt ' + event.attempt : '') + took;
  item.dataset.status = event.status;
  $('steps').appendChild(item);
  $('job-status').textContent = 'Job ' + event.jobId + ': ' + event.status;
}

// Reads the job's event stream until the terminal event.
async function follow(id) {
  const response = await api('/screenshots/' + id + '/events', { headers: { Accept: 'text/event-stream' } });
  if (!response.ok) throw new Error(await problemText(response));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let last = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('');
      if (data) {
        last = JSON.parse(data);
        showStep(last);
      }
    }
  }
  return last;
}

async function showImage(id) {
  const job = await (await api('/screenshots/' + id)).json();
  if (job.status !== 'completed') {
    $('job-status').textContent = 'Job ' + id + ': ' + job.status
      + (job.error ? ' — ' + job.error.code + ': ' + job.error.message : '');
    return;
  }
  const image = await api('/screenshots/' + id + '/image');
  if (!image.ok) throw new Error(await problemText(image));
  if (imageUrl) URL.revokeObjectURL(imageUrl);
  imageUrl = URL.createObjectURL(await image.blob());
  const isPdf = job.result.contentType === 'application/pdf';
  $('image').hidden = isPdf;
  $('image').src = isPdf ? '' : imageUrl;
  $('image').alt = 'Screenshot of ' + job.url;
  $('image-link').href = imageUrl;
  $('image-link').textContent = 'Download (' + job.result.contentType + ', ' + job.result.bytes + ' bytes)';
  $('result').hidden = false;
  await showArtifacts(id, job.result.artifacts || []);
  await showComparison(job);
}

async function blobUrl(path) {
  const response = await api(path);
  if (!response.ok) return null;
  const url = URL.createObjectURL(await response.blob());
  artifactUrls.push(url);
  return url;
}

// Baseline, capture and diff side by side, and the approve button for a change.
async function showComparison(job) {
  const comparison = job.result.comparison;
  $('comparison').hidden = !comparison;
  if (!comparison) return;
  const text = {
    same: 'Same as the baseline',
    changed: 'Changed',
    size_changed: 'The size changed',
    no_baseline: comparison.created ? 'No baseline yet: this capture is now its version 1' : 'No such baseline',
  }[comparison.status] || comparison.status;
  const figures = comparison.diffPixels != null
    ? ' (' + comparison.diffPixels + ' pixels, ' + comparison.mismatchPercent + '% differ)' : '';
  $('comparison-status').textContent = 'Baseline "' + comparison.baseline + '"'
    + (comparison.baselineVersion ? ' v' + comparison.baselineVersion : '') + ': ' + text + figures;
  const version = comparison.baselineVersion ? '?version=' + comparison.baselineVersion : '';
  $('compare-baseline').src = await blobUrl('/baselines/' + encodeURIComponent(comparison.baseline) + '/image' + version) || '';
  $('compare-baseline').alt = 'Baseline ' + comparison.baseline;
  $('compare-capture').src = imageUrl;
  $('compare-capture').alt = 'This capture';
  const diff = comparison.diffImage ? await blobUrl('/screenshots/' + job.id + '/artifacts/diff') : null;
  $('compare-diff').src = diff || '';
  $('compare-diff').alt = diff ? 'Difference' : 'No difference image';
  $('approve').hidden = !comparison.changed;
  $('approve').disabled = false;
  $('approve').onclick = async () => {
    $('approve').disabled = true;
    const answer = await api('/screenshots/' + job.id + '/approve', { method: 'POST' });
    if (!answer.ok) {
      $('comparison-status').textContent = await problemText(answer);
      $('approve').disabled = false;
      return;
    }
    const baseline = await answer.json();
    $('comparison-status').textContent = 'Approved: baseline "' + baseline.name + '" is now version ' + baseline.currentVersion;
    $('approve').hidden = true;
  };
}

// The thumbnail inline, and every artifact as a link that fetches it with the key.
async function showArtifacts(id, artifacts) {
  for (const url of artifactUrls) URL.revokeObjectURL(url);
  artifactUrls = [];
  const items = [];
  for (const artifact of artifacts) {
    const item = document.createElement('li');
    if (artifact.status === 'absent') {
      item.textContent = artifact.name + ': not stored (' + artifact.problem.code + ': ' + artifact.problem.message + ')';
      items.push(item);
      continue;
    }
    const response = await api('/screenshots/' + id + '/artifacts/' + artifact.name);
    if (!response.ok) {
      item.textContent = artifact.name + ': ' + await problemText(response);
      items.push(item);
      continue;
    }
    // the captured HTML is shown as text: as a page it would run on this origin
    const blob = await response.blob();
    const url = URL.createObjectURL(artifact.name === 'html' ? new Blob([blob], { type: 'text/plain' }) : blob);
    artifactUrls.push(url);
    const link = document.createElement('a');
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener';
    link.download = id + '-' + artifact.name;
    link.textContent = artifact.name;
    item.append(link, ' (' + artifact.contentType + ', ' + artifact.bytes + ' bytes'
      + (artifact.status === 'truncated' ? ', truncated: ' + artifact.problem.message : '') + ')');
    items.push(item);
    if (artifact.name === 'thumbnail') {
      $('thumbnail').src = url;
      $('thumbnail').alt = 'Thumbnail, ' + artifact.width + ' × ' + artifact.height;
      $('thumbnail-caption').textContent = 'Thumbnail, ' + artifact.width + ' × ' + artifact.height + ' pixels';
      $('thumbnail-figure').hidden = false;
    }
  }
  $('artifacts').replaceChildren(...items);
  $('artifacts-section').hidden = items.length === 0;
}

async function refresh() {
  if (!apiKey()) return;
  const response = await api('/screenshots?limit=10');
  if (!response.ok) return;
  const page = await response.json();
  const rows = page.items.map((job) => {
    const row = document.createElement('tr');
    row.dataset.id = job.id;
    for (const text of [new Date(job.createdAt).toLocaleString(), job.status, job.url, job.id]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.appendChild(cell);
    }
    row.children[2].className = 'url';
    return row;
  });
  $('recent').replaceChildren(...rows);
}

async function submit(event) {
  event.preventDefault();
  $('form-error').textContent = '';
  if (!apiKey()) {
    $('form-error').textContent = 'Enter an API key.';
    $('api-key').focus();
    return;
  }
  localStorage.setItem('screenshots.apiKey', apiKey());
  $('submit').disabled = true;
  $('steps').replaceChildren();
  $('result').hidden = true;
  $('thumbnail-figure').hidden = true;
  $('artifacts-section').hidden = true;
  $('comparison').hidden = true;
  try {
    const response = await api('/screenshots', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request()),
    });
    if (response.status !== 202 && response.status !== 201) throw new Error(await problemText(response));
    const job = await response.json();
    $('job-status').textContent = 'Job ' + job.id + ': ' + job.status;
    await refresh();
    const last = await follow(job.id);
    if (last && TERMINAL.includes(last.status)) await showImage(job.id);
    await refresh();
  } catch (e) {
    $('form-error').textContent = e.message;
  } finally {
    $('submit').disabled = false;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('api-key').value = localStorage.getItem('screenshots.apiKey') || '';
  for (const radio of document.querySelectorAll('input[name=source]')) {
    radio.addEventListener('change', () => {
      const html = radio.value === 'html' && radio.checked;
      $('html-field').hidden = !html;
      $('url-field').hidden = html;
    });
  }
  $('capture').addEventListener('submit', submit);
  $('refresh').addEventListener('click', refresh);
  refresh();
});
