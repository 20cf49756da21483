// One-line embed for other sites:
//   <script src="http://chat.example.com:3000/widget.js" async></script>
// Adds a chat bubble; the first click opens the chat page of the same server in a panel (an
// iframe, so the host page's styles and scripts cannot touch the chat and vice versa).
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__chatbotWidget) return;
  window.__chatbotWidget = true;
  var chatOrigin = new URL(script.src, location.href).origin;

  function mount() {
    var button = document.createElement('button');
    button.type = 'button';
    button.id = 'chatbot-widget-button';
    button.setAttribute('aria-label', 'Open chat');
    button.textContent = '💬';
    Object.assign(button.style, {
      position: 'fixed',
      right: '20px',
      bottom: '20px',
      width: '56px',
      height: '56px',
      borderRadius: '50%',
      border: '0',
      background: '#2563eb',
      color: '#fff',
      fontSize: '24px',
      cursor: 'pointer',
      boxShadow: '0 4px 12px rgba(0,0,0,.25)',
      zIndex: '2147483647',
    });

    var panel = null;
    button.addEventListener('click', function () {
      if (!panel) {
        // Created on first open, so visitors who never chat open no socket.
        panel = document.createElement('iframe');
        panel.id = 'chatbot-widget-panel';
        panel.title = 'Chat';
        panel.src = chatOrigin + '/?embed=1';
        Object.assign(panel.style, {
          position: 'fixed',
          right: '20px',
          bottom: '88px',
          width: '360px',
          height: '520px',
          maxWidth: 'calc(100vw - 40px)',
          maxHeight: 'calc(100vh - 108px)',
          border: '0',
          borderRadius: '12px',
          boxShadow: '0 8px 24px rgba(0,0,0,.25)',
          zIndex: '2147483647',
          background: '#fff',
        });
        document.body.appendChild(panel);
        return;
      }
      panel.style.display = panel.style.display === 'none' ? '' : 'none';
    });
    document.body.appendChild(button);
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
