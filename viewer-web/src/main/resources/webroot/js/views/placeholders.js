// Screens that later features fill in. Each keeps its route and title so navigation is stable.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { pageTitle, notice } from '../ui.js';

function comingSoon(titleKey, textKey, feature) {
  return h('div', { class: 'page', 'data-feature': feature }, pageTitle(t(titleKey)), notice({ iconName: 'doc', lines: [t(textKey)], className: 'notice--soon' }));
}

/** Savings page (paper, cost, hours). */
export async function savingsView() {
  return comingSoon('savings.title', 'savings.soon', 'savings');
}
