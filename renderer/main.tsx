import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { TooltipProvider } from './ui/Tooltip';
import { i18n } from './i18n';
import './i18n/input-issues';
import './styles.css';

document.documentElement.lang = i18n.language;
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <TooltipProvider>
      <App />
    </TooltipProvider>
  </StrictMode>,
);
