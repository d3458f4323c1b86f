//! A load balancer for the multi-instance tests: accepts on a loopback port
//! and hands each connection to the next instance that takes it (round
//! robin), so an instance that was killed is skipped as a real balancer's
//! health check would. Bytes are copied as they are; HTTP is not parsed.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};

pub struct Proxy {
    pub address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    pub async fn start(backends: Vec<SocketAddr>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let backends = Arc::new(backends);
        let next = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let (backends, next) = (backends.clone(), next.clone());
                tokio::spawn(async move {
                    let Some(mut backend) = connect_next(&backends, &next).await else {
                        return; // every instance is down: the client sees the close
                    };
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut backend).await;
                });
            }
        });
        Self { address, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn connect_next(backends: &[SocketAddr], next: &AtomicUsize) -> Option<TcpStream> {
    for _ in 0..backends.len() {
        let i = next.fetch_add(1, Ordering::Relaxed) % backends.len();
        if let Ok(stream) = TcpStream::connect(backends[i]).await {
            return Some(stream);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// A backend that answers each connection with its number and closes.
    async fn numbered(n: usize) -> (SocketAddr, tokio::task::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let _ = stream.write_all(n.to_string().as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        (address, task)
    }

    async fn answer(proxy: &Proxy) -> String {
        let mut stream = TcpStream::connect(proxy.address).await.unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).await.unwrap();
        text
    }

    #[tokio::test]
    async fn connections_go_round_robin_and_skip_a_stopped_backend() {
        let mut backends = Vec::new();
        for n in 0..3 {
            backends.push(numbered(n).await);
        }
        let proxy = Proxy::start(backends.iter().map(|(a, _)| *a).collect()).await;
        let mut answers = Vec::new();
        for _ in 0..3 {
            answers.push(answer(&proxy).await);
        }
        assert_eq!(answers, ["0", "1", "2"]);

        // Backend 1 stops: its port refuses, and the next one takes its turn.
        let (_, stopped) = backends.remove(1);
        stopped.abort();
        let _ = stopped.await;
        let mut answers = Vec::new();
        for _ in 0..4 {
            answers.push(answer(&proxy).await);
        }
        assert_eq!(answers, ["0", "2", "0", "2"]);

        // With every backend down a client is closed on without an answer.
        for (_, task) in backends {
            task.abort();
            let _ = task.await;
        }
        assert_eq!(answer(&proxy).await, "");
    }
}
